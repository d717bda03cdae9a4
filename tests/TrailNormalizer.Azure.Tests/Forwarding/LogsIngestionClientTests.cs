using System.Text;
using System.Text.Json;
using TrailNormalizer.Azure.Forwarding;

namespace TrailNormalizer.Azure.Tests.Forwarding;

/// <summary>The Logs Ingestion REST client against a loopback service in the API's wire shape.</summary>
public sealed class LogsIngestionClientTests : IDisposable
{
    private const string Dcr = "dcr-0123456789abcdef0123456789abcdef";
    private readonly FakeIngestionService _service = new();
    private readonly List<TimeSpan> _waits = [];

    public void Dispose() => _service.Dispose();

    [Fact]
    public void Rows_go_as_a_gzip_json_array_with_a_bearer_token_to_the_rule_and_stream()
    {
        var client = Client();

        int requests = client.Upload([Row("a", 10), Row("b", 10)]);

        requests.Should().Be(1);
        var request = _service.Accepted.Single();
        request.Method.Should().Be("POST");
        request.Path.Should().Be($"/dataCollectionRules/{Dcr}/streams/Custom-TrailNormalizer");
        request.Query.Should().Be("?api-version=2023-01-01");
        request.Authorization.Should().Be("Bearer test-token");
        request.ContentType.Should().Be("application/json");
        request.ContentEncoding.Should().Be("gzip");
        request.Body.Length.Should().BeLessThan(request.Decoded.Length, "the body is compressed");
        request.Json.EnumerateArray().Select(r => r.GetProperty("metadata_uid").GetString()).Should().Equal("a", "b");
    }

    [Fact]
    public void More_than_one_megabyte_of_rows_is_split_into_requests_of_at_most_one_megabyte_in_order()
    {
        var client = Client();
        var rows = Enumerable.Range(0, 60).Select(i => Row(i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture), 50_000)).ToList();

        int requests = client.Upload(rows);

        requests.Should().BeGreaterThanOrEqualTo(3);
        _service.Accepted.Should().HaveCount(requests).And.OnlyContain(r => r.Decoded.Length <= LogsIngestionClient.MaxRequestBytes);
        _service.AcceptedItems().Select(r => r.GetProperty("metadata_uid").GetString())
            .Should().Equal(rows.Select(r => JsonDocument.Parse(r).RootElement.GetProperty("metadata_uid").GetString()));
    }

    [Fact]
    public void A_429_is_retried_after_the_Retry_After_the_service_asked_for()
    {
        var client = Client();
        _service.Answer(429, retryAfter: "7");
        _service.Answer(503, retryAfter: "2");

        client.Upload([Row("a", 10)]);

        _waits.Should().Equal(TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(2));
        _service.All.Should().HaveCount(3);
        _service.Accepted.Should().ContainSingle();
    }

    [Fact]
    public void A_Retry_After_beyond_a_minute_is_capped()
    {
        var client = Client();
        _service.Answer(429, retryAfter: "3600");

        client.Upload([Row("a", 10)]);

        _waits.Should().Equal(AuthorizedPoster.MaxRetryAfter);
    }

    [Fact]
    public void A_rejected_request_is_not_retried_and_fails_with_the_services_answer()
    {
        var client = Client();
        _service.Answer(400);

        var act = () => client.Upload([Row("a", 10)]);

        act.Should().Throw<PostFailedException>().Which.Message.Should().Contain("HTTP 400").And.Contain("scripted failure");
        _service.All.Should().ContainSingle();
        _waits.Should().BeEmpty();
    }

    [Fact]
    public void Throttling_that_never_ends_fails_after_the_bounded_attempts()
    {
        var client = Client(maxAttempts: 3);
        _service.Answer(429, retryAfter: "1", times: 5);

        var act = () => client.Upload([Row("a", 10)]);

        act.Should().Throw<PostFailedException>().Which.Status.Should().Be(429);
        _service.All.Should().HaveCount(3);
        _waits.Should().HaveCount(2);
    }

    private LogsIngestionClient Client(int maxAttempts = 5) =>
        new(Posters.Recording(LogsIngestionClient.Scope, _waits, maxAttempts), _service.BaseUrl, Dcr, "Custom-TrailNormalizer");

    private static byte[] Row(string uid, int padding) =>
        Encoding.UTF8.GetBytes($$"""{"TimeGenerated":"2026-03-02T10:05:00.000Z","metadata_uid":"{{uid}}","pad":"{{new string('x', padding)}}"}""");
}
