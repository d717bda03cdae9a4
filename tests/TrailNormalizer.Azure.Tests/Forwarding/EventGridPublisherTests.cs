using System.Text;
using TrailNormalizer.Azure.Findings;

namespace TrailNormalizer.Azure.Tests.Forwarding;

/// <summary>Publishing CloudEvents to a loopback service in the Event Grid publish wire shape.</summary>
public sealed class EventGridPublisherTests : IDisposable
{
    private readonly FakeIngestionService _topic = new(200);
    private readonly List<TimeSpan> _waits = [];

    public void Dispose() => _topic.Dispose();

    [Fact]
    public void More_than_one_megabyte_of_events_is_published_in_requests_of_at_most_one_megabyte()
    {
        var events = Enumerable.Range(0, 40).Select(i => Finding($"f-{i}", 60_000)).Select(f => FindingCloudEvent.From(f, "trailnormalizer/test", "events/b.ndjson.gz")).ToList();

        int requests = Publisher().Publish(events);

        requests.Should().BeGreaterThanOrEqualTo(3);
        _topic.Accepted.Should().HaveCount(requests).And.OnlyContain(r => r.Body.Length <= EventGridPublisher.MaxRequestBytes && r.ContentEncoding == null);
        _topic.AcceptedItems().Select(e => e.GetProperty("id").GetString()).Should().Equal(Enumerable.Range(0, 40).Select(i => $"f-{i}"));
    }

    [Fact]
    public void A_finding_too_large_for_one_event_is_sent_as_its_summary_pointing_at_the_evidence()
    {
        byte[] cloudEvent = FindingCloudEvent.From(Finding("f-big", 1_200_000), "trailnormalizer/test", "events/x/b.ndjson.gz");

        Publisher().Publish([cloudEvent]);

        cloudEvent.Length.Should().BeLessThan(FindingCloudEvent.MaxEventBytes);
        var data = _topic.AcceptedItems().Single().GetProperty("data");
        data.GetProperty("finding_info").GetProperty("title").GetString().Should().Be("Trail stopped");
        data.TryGetProperty("resources", out _).Should().BeFalse();
        data.GetProperty("omitted").GetString().Should().Contain("events/x/b.ndjson.gz");
    }

    [Fact]
    public void Throttled_publishing_waits_as_asked_and_retries()
    {
        _topic.Answer(429, retryAfter: "3");

        Publisher().Publish([FindingCloudEvent.From(Finding("f-1", 10), "s", "b")]);

        _waits.Should().Equal(TimeSpan.FromSeconds(3));
        _topic.Accepted.Should().ContainSingle();
    }

    private EventGridPublisher Publisher() => new(Posters.Recording(EventGridPublisher.Scope, _waits), new Uri(_topic.BaseUrl, "api/events"));

    private static byte[] Finding(string uid, int resourceBytes) => Encoding.UTF8.GetBytes(
        $$$"""{"class_uid":2004,"class_name":"Detection Finding","severity_id":4,"time":1773479700000,"metadata":{"uid":"{{{uid}}}","product":{"name":"TrailNormalizer"}},"finding_info":{"uid":"{{{uid}}}","title":"Trail stopped"},"resources":[{"name":"{{{new string('n', resourceBytes)}}}"}]}""");
}
