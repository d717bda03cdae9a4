using System.Text;
using System.Text.Json;
using TrailNormalizer.Aws.Runtime;
using TrailNormalizer.Aws.Tests.Support;

namespace TrailNormalizer.Aws.Tests.Runtime;

public sealed class LambdaRuntimeClientTests : IDisposable
{
    private readonly FakeRuntimeApi _api = new();
    private readonly LambdaRuntimeClient _client;

    public LambdaRuntimeClientTests()
    {
        _client = new LambdaRuntimeClient(LambdaRuntimeClient.ParseAddress(_api.Address));
    }

    public void Dispose()
    {
        _client.Dispose();
        _api.Dispose();
    }

    [Theory]
    [InlineData("127.0.0.1:9001", "http://127.0.0.1:9001/2018-06-01/")]
    [InlineData("localhost:9001", "http://localhost:9001/2018-06-01/")]
    [InlineData("[::1]:9001", "http://[::1]:9001/2018-06-01/")]
    public void The_runtime_API_address_is_host_and_port(string value, string expected)
    {
        LambdaRuntimeClient.ParseAddress(value).Should().Be(new Uri(expected));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:")]
    [InlineData("127.0.0.1:0")]
    [InlineData("127.0.0.1:70000")]
    [InlineData("http://127.0.0.1:9001")]
    [InlineData("127.0.0.1:9001/path")]
    [InlineData("user@127.0.0.1:9001")]
    [InlineData("::1:9001")]
    [InlineData("evil.com#@127.0.0.1:9001")]
    public void Anything_but_host_and_port_is_refused(string? value)
    {
        var act = () => LambdaRuntimeClient.ParseAddress(value);

        act.Should().Throw<ArgumentException>().WithMessage("*AWS_LAMBDA_RUNTIME_API*");
    }

    [Fact]
    public async Task Next_returns_the_invocation_with_its_headers_and_sets_the_trace_id()
    {
        byte[] payload = Encoding.UTF8.GetBytes("{\"Records\":[]}");
        _ = _api.Invoke("req-1", payload, TimeSpan.FromMinutes(5), traceId: "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1");

        var invocation = await _client.NextAsync();

        invocation.RequestId.Should().Be("req-1");
        invocation.Payload.Should().Equal(payload);
        invocation.TraceId.Should().Be("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1");
        invocation.FunctionArn.Should().Be("arn:aws:lambda:eu-west-1:111122223333:function:trailnorm");
        DateTimeOffset.FromUnixTimeMilliseconds(invocation.DeadlineMs).Should().BeAfter(DateTimeOffset.UtcNow.AddMinutes(4));
        Environment.GetEnvironmentVariable("_X_AMZN_TRACE_ID").Should().Be("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1");
    }

    [Fact]
    public async Task A_response_is_posted_to_the_invocation()
    {
        var answer = _api.Invoke("req-2", "{}"u8.ToArray());
        var invocation = await _client.NextAsync();

        await _client.RespondAsync(invocation.RequestId, "{\"batchItemFailures\":[]}"u8.ToArray());

        var posted = await answer;
        posted.Kind.Should().Be("response");
        posted.Text.Should().Be("{\"batchItemFailures\":[]}");
    }

    [Fact]
    public async Task An_error_carries_the_error_type_header_and_the_documented_body()
    {
        var answer = _api.Invoke("req-3", "{}"u8.ToArray());
        var invocation = await _client.NextAsync();

        await _client.ReportErrorAsync(invocation.RequestId, "IOException", "S3 unreachable");

        var posted = await answer;
        posted.Kind.Should().Be("error");
        posted.ErrorType.Should().Be("IOException");
        using var body = JsonDocument.Parse(posted.Body);
        body.RootElement.GetProperty("errorMessage").GetString().Should().Be("S3 unreachable");
        body.RootElement.GetProperty("errorType").GetString().Should().Be("IOException");
        body.RootElement.GetProperty("stackTrace").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task An_init_error_is_posted_to_the_init_endpoint()
    {
        await _client.ReportInitErrorAsync("TrailNormalizer.ConfigurationError", "AWS_REGION is not set");

        var posted = await _api.InitError;
        posted.ErrorType.Should().Be("TrailNormalizer.ConfigurationError");
        posted.Text.Should().Contain("AWS_REGION is not set");
    }

    [Fact]
    public async Task A_payload_above_the_bound_is_refused_with_its_request_id()
    {
        _ = _api.Invoke("req-big", new byte[LambdaRuntimeClient.MaxPayloadBytes + 1]);

        var act = () => _client.NextAsync();

        (await act.Should().ThrowAsync<PayloadTooLargeException>()).Which.RequestId.Should().Be("req-big");
    }
}
