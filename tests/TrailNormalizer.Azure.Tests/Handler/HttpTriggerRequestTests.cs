using System.Text;
using System.Text.Json;
using TrailNormalizer.Azure.Host;

namespace TrailNormalizer.Azure.Tests.Handler;

public sealed class HttpTriggerRequestTests
{
    [Fact]
    public void Headers_are_case_insensitive_and_arrays_are_joined()
    {
        var req = Read("""{"Method":"post","Headers":{"x-trailnorm-key":["k"],"Accept":["a","b"],"Single":"s"},"Body":"{}"}""");

        req.Method.Should().Be("POST");
        req.Header("X-TrailNorm-Key").Should().Be("k");
        req.Header("accept").Should().Be("a,b");
        req.Header("single").Should().Be("s");
        req.Header("missing").Should().BeNull();
    }

    [Fact]
    public void Body_as_a_string_and_body_as_parsed_json_give_the_same_events()
    {
        var asString = Read("""{"Method":"POST","Body":"[{\"a\":1}]"}""");
        var asJson = Read("""{"Method":"POST","Body":[{"a":1}]}""");

        Encoding.UTF8.GetString(asString.Body).Should().Be("""[{"a":1}]""");
        Encoding.UTF8.GetString(asJson.Body).Should().Be("""[{"a":1}]""");
    }

    [Fact]
    public void Missing_body_is_empty_and_lower_case_names_are_accepted()
    {
        var req = Read("""{"method":"OPTIONS","headers":{"WebHook-Request-Origin":["eventgrid.azure.net"]}}""");

        req.Method.Should().Be("OPTIONS");
        req.Body.Should().BeEmpty();
        req.Header("webhook-request-origin").Should().Be("eventgrid.azure.net");
    }

    [Fact]
    public void Oversized_body_is_refused()
    {
        var act = () => Read($$"""{"Method":"POST","Body":"{{new string('x', 100)}}"}""", maxBodyBytes: 99);

        act.Should().Throw<InvalidInvocationException>().WithMessage("*100 bytes*");
    }

    private static HttpTriggerRequest Read(string json, int maxBodyBytes = 1024)
    {
        using var doc = JsonDocument.Parse(json);
        return HttpTriggerRequest.Read(doc.RootElement, maxBodyBytes);
    }
}
