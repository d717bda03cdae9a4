using System.Security.Cryptography;
using System.Text;
using TrailNormalizer.Aws.Findings;
using TrailNormalizer.Aws.Tests.Support;

namespace TrailNormalizer.Aws.Tests.FollowUps;

public sealed class SnsPublishClientTests : IDisposable
{
    public const string Topic = "arn:aws:sns:eu-west-1:123456789012:trailnorm-findings";
    private static readonly AwsCredentials Credentials = new("ASIATESTKEY", "test-secret-key", "test-session-token");
    private readonly FakeSns _sns = new();
    private readonly ManualTime _time = new(new DateTimeOffset(2026, 6, 1, 10, 5, 0, TimeSpan.Zero));
    private readonly List<TimeSpan> _waits = [];

    public void Dispose() => _sns.Dispose();

    public SnsPublishClient Client() => new("eu-west-1", _sns.Endpoint, () => Credentials, _time, d => { _waits.Add(d); return Task.CompletedTask; });

    [Fact]
    public async Task Publish_sends_the_Query_API_form_signed_with_SigV4_under_the_session_credentials()
    {
        using var client = Client();
        const string finding = """{"class_uid":2004,"finding_info":{"uid":"f-1","title":"CloudTrail trail stopped"},"message":"a & b = c+d/é"}""";

        string id = await client.PublishAsync(Topic, finding, [new("finding_uid", "f-1"), new("severity", "High")]);

        id.Should().NotBeNullOrEmpty();
        var request = _sns.Requests.Should().ContainSingle().Subject;
        request.Form["Action"].Should().Be("Publish");
        request.Form["Version"].Should().Be("2010-03-31");
        request.Form["TopicArn"].Should().Be(Topic);
        request.Message.Should().Be(finding);
        request.Attribute("finding_uid").Should().Be("f-1");
        request.Attribute("severity").Should().Be("High");
        request.Form["MessageAttributes.entry.1.Value.DataType"].Should().Be("String");
        request.ContentType.Should().StartWith("application/x-www-form-urlencoded");
        request.SecurityToken.Should().Be("test-session-token");
        request.AmzDate.Should().Be("20260601T100500Z");
        request.Authorization.Should().StartWith("AWS4-HMAC-SHA256 Credential=ASIATESTKEY/20260601/eu-west-1/sns/aws4_request, ")
            .And.Contain("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=");
        request.Authorization.Should().Be(ExpectedAuthorization(request), "the signature covers the body that was sent");
    }

    [Fact]
    public async Task Server_errors_and_throttling_are_retried_with_growing_waits()
    {
        using var client = Client();
        _sns.FailNext(500, "InternalError");
        _sns.FailNext(400, "Throttling");
        _sns.FailNext(503, "ServiceUnavailable");

        await client.PublishAsync(Topic, "{}", []);

        _sns.Requests.Should().HaveCount(4);
        _sns.Published.Should().ContainSingle();
        _waits.Should().HaveCount(3);
        _waits[2].Should().BeGreaterThan(_waits[0], "the backoff doubles (with jitter of at most half)");
    }

    [Fact]
    public async Task A_request_SNS_refuses_is_not_retried()
    {
        using var client = Client();
        _sns.FailNext(403, "AuthorizationError");

        var publish = () => client.PublishAsync(Topic, "{}", []);

        (await publish.Should().ThrowAsync<SnsPublishException>()).Which.Permanent.Should().BeTrue();
        _sns.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task An_outage_longer_than_the_attempts_fails_as_retryable()
    {
        using var client = Client();
        _sns.FailNext(500, "InternalError", times: 10);

        var publish = () => client.PublishAsync(Topic, "{}", []);

        var failure = (await publish.Should().ThrowAsync<SnsPublishException>()).Which;
        failure.Permanent.Should().BeFalse();
        failure.Message.Should().Contain("5 times").And.Contain("InternalError");
        _sns.Requests.Should().HaveCount(5);
    }

    [Fact]
    public async Task A_message_over_256_KiB_is_refused_before_sending()
    {
        using var client = Client();
        string big = new('x', SnsPublishClient.MaxMessageBytes - 10);

        var publish = () => client.PublishAsync(Topic, big, [new("finding_uid", "f-big")]);

        (await publish.Should().ThrowAsync<SnsPublishException>()).Which.Message.Should().Contain("over SNS's 262144-byte limit");
        _sns.Requests.Should().BeEmpty();
    }

    /// <summary>Recomputes the signature from what the server received.</summary>
    private static string ExpectedAuthorization(SnsRequest request)
    {
        string body = string.Join('&', request.Form.Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(f.Value)));
        var headers = new Dictionary<string, string>
        {
            ["content-type"] = "application/x-www-form-urlencoded; charset=utf-8",
            ["host"] = request.Host,
            ["x-amz-date"] = request.AmzDate!,
            ["x-amz-security-token"] = request.SecurityToken!,
        };
        return SigV4.Authorization("POST", "/", headers, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body))),
            Credentials, "eu-west-1", "sns", new DateTimeOffset(2026, 6, 1, 10, 5, 0, TimeSpan.Zero));
    }
}
