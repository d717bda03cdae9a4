using System.Text;
using System.Text.Json;
using TrailNormalizer.Aws.Findings;
using TrailNormalizer.Core.Evidence;

namespace TrailNormalizer.Aws.Tests.FollowUps;

public sealed class FindingsPublisherTests : IDisposable
{
    private readonly MemoryEvidenceStore _store = new();
    private readonly FakeSns _sns = new();
    private readonly SealedEvidence _evidence;
    private readonly SnsPublishClient _client;

    public FindingsPublisherTests()
    {
        _evidence = new SealedEvidence(_store, TimeProvider.System);
        _client = new SnsPublishClient("eu-west-1", _sns.Endpoint, () => new AwsCredentials("AKIDTEST", "secret", null), TimeProvider.System, _ => Task.CompletedTask);
    }

    public void Dispose()
    {
        _client.Dispose();
        _sns.Dispose();
        _evidence.Dispose();
    }

    private FindingsPublisher Publisher() => new(_store, _client, SnsPublishClientTests.Topic, new RetentionPolicy(120), TimeProvider.System);

    [Fact]
    public void Each_stored_finding_is_published_once_as_its_stored_JSON_and_the_seal_gets_a_cursor()
    {
        _evidence.WriteAndSeal(("p-1", "StopLogging"), ("p-2", "StopInstances"));

        Publisher().Publish().Should().Be((1, 0));
        Publisher().Publish().Should().Be((0, 0), "the cursor records seal 0 as published");

        var stored = StoredFindings();
        var message = _sns.Published.Should().ContainSingle().Subject;
        message.Message.Should().Be(stored.Single());
        message.Attribute("finding_uid").Should().Be(Uid(stored.Single()));
        message.Attribute("severity").Should().Be("High");
        message.Attribute("evidence_object").Should().StartWith("events/cloud=aws/account=123456789012/region=eu-west-1/");
        _store.Exists(FindingsPublisher.CursorKey(0)).Should().BeTrue();
        _store.List(EvidenceKeys.CursorsPrefix).Should().Equal(FindingsPublisher.CursorKey(0));
    }

    [Fact]
    public void A_failed_publish_writes_no_cursor_and_the_next_run_publishes_from_the_stored_finding()
    {
        _evidence.WriteAndSeal(("p-1", "StopLogging"));
        _sns.FailNext(500, "InternalError", times: 5);

        var outage = () => Publisher().Publish();

        outage.Should().Throw<SnsPublishException>();
        _store.Exists(FindingsPublisher.CursorKey(0)).Should().BeFalse();
        _sns.Published.Should().BeEmpty();

        Publisher().Publish().Should().Be((1, 0));
        _sns.Published.Should().ContainSingle().Which.Message.Should().Be(StoredFindings().Single());
    }

    [Fact]
    public void Later_seals_are_published_in_order_and_enabling_on_an_old_log_starts_at_its_newest_seal()
    {
        _evidence.WriteAndSeal(("p-1", "StopLogging"));
        _evidence.WriteAndSeal(("p-2", "DeleteTrail"));

        Publisher().Publish().Should().Be((1, 0), "seal 0 was sealed before publishing was turned on");
        _evidence.WriteAndSeal(("p-3", "StopLogging"));
        _evidence.WriteAndSeal(("p-4", "DeleteTrail"));
        Publisher().Publish().Should().Be((2, 0));

        _sns.Published.Select(m => JsonDocument.Parse(m.Message).RootElement.GetProperty("metadata").GetProperty("correlation_uid").GetString())
            .Should().Equal("p-2", "p-3", "p-4");
        _store.List(FindingsPublisher.CursorPrefix).Should().Equal(FindingsPublisher.CursorKey(1), FindingsPublisher.CursorKey(2), FindingsPublisher.CursorKey(3));
    }

    [Fact]
    public void A_finding_over_the_size_limit_is_announced_by_a_stub_that_names_it()
    {
        _evidence.WriteAndSeal(("p-big", "StopLogging"), ("p-small", "StopInstances"));
        string stored = StoredFindings().Single();

        new FindingsPublisher(_store, _client, SnsPublishClientTests.Topic, new RetentionPolicy(120), TimeProvider.System) { MaxFindingBytes = stored.Length - 1 }
            .Publish().Should().Be((1, 1));

        var message = _sns.Published.Should().ContainSingle().Subject;
        using var stub = JsonDocument.Parse(message.Message);
        stub.RootElement.GetProperty("truncated").GetBoolean().Should().BeTrue();
        stub.RootElement.GetProperty("finding_uid").GetString().Should().Be(Uid(stored));
        stub.RootElement.GetProperty("evidence_object").GetString().Should().Be(message.Attribute("evidence_object")).And.StartWith("events/");
        stub.RootElement.GetProperty("reason").GetString().Should().Contain("over SNS's message limit");
        message.Attribute("finding_uid").Should().Be(Uid(stored));
    }

    [Fact]
    public void Nothing_sealed_publishes_nothing_and_writes_no_cursor()
    {
        Publisher().Publish().Should().Be((0, 0));
        _store.List(EvidenceKeys.CursorsPrefix).Should().BeEmpty();
    }

    private List<string> StoredFindings() =>
        _store.List(EvidenceKeys.EventsPrefix).Where(k => k.EndsWith(EvidenceKeys.BatchSuffix, StringComparison.Ordinal))
            .SelectMany(k => BatchLines.Read(_store, k))
            .Where(l => EscalatedFindings.IsEscalation(l))
            .Select(l => Encoding.UTF8.GetString(l))
            .ToList();

    private static string Uid(string finding) =>
        JsonDocument.Parse(finding).RootElement.GetProperty("finding_info").GetProperty("uid").GetString()!;
}
