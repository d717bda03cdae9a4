using System.Net;
using System.Text;
using Azure.Core.Pipeline;
using TrailNormalizer.Azure.Storage;

namespace TrailNormalizer.Azure.Tests.Storage;

/// <summary>The production path of the log reader (managed identity, https), at the HTTP level.</summary>
public sealed class LogBlobReaderIdentityTests : IDisposable
{
    private readonly FakeBlobService _service = new();

    private LogBlobReader Reader()
    {
        var options = BlobClientFactory.ClientOptions(new HttpClientTransport(new HttpClient(_service)));
        options.Retry.MaxRetries = 0;
        return LogBlobReader.WithCredential(["mylogs.blob.core.windows.net"], new StaticTokenCredential(), options);
    }

    [Fact]
    public void An_allowed_blob_is_fetched_with_the_identity_from_its_own_url()
    {
        _service.Answer(() => FakeBlobService.Blob("{\"records\":[]}"u8.ToArray()));
        var url = new Uri("https://mylogs.blob.core.windows.net/insights-activity-logs/resourceId=/SUBSCRIPTIONS/S1/y=2026/m=11/d=24/h=09/m=00/PT1H.json");

        using var read = Reader().OpenFrom(url, 0, 1 << 20, out string? reason);

        reason.Should().BeNull();
        new StreamReader(read!.Content, Encoding.UTF8).ReadToEnd().Should().Be("{\"records\":[]}");
        var request = _service.Requests.Should().ContainSingle().Subject;
        request.Method.Should().Be("GET");
        request.Uri.Host.Should().Be("mylogs.blob.core.windows.net");
        request.Uri.AbsolutePath.Should().Be("/insights-activity-logs/resourceId%3D/SUBSCRIPTIONS/S1/y%3D2026/m%3D11/d%3D24/h%3D09/m%3D00/PT1H.json");
        request.Headers["Authorization"].Should().Be("Bearer test-token");
        request.Headers["x-ms-range"].Should().Be("bytes=0-1048575");
    }

    [Fact]
    public void A_host_that_is_not_allowed_is_never_contacted()
    {
        Reader().OpenFrom(new Uri("https://other.blob.core.windows.net/insights-activity-logs/PT1H.json"), 0, 1, out string? reason).Should().BeNull();

        reason.Should().Contain("other.blob.core.windows.net");
        _service.Requests.Should().BeEmpty();
    }

    [Fact]
    public void Missing_is_a_reason_and_a_server_error_throws_for_a_retry()
    {
        var url = new Uri("https://mylogs.blob.core.windows.net/insights-logs-auditevent/PT1H.json");
        _service.Answer(() => FakeBlobService.Error(HttpStatusCode.NotFound, "BlobNotFound"));
        _service.Answer(() => FakeBlobService.Error(HttpStatusCode.Forbidden, "AuthorizationPermissionMismatch"));

        Reader().OpenFrom(url, 0, 1, out string? reason).Should().BeNull();
        reason.Should().Contain("not found").And.Contain("BlobNotFound");
        var forbidden = () => Reader().OpenFrom(url, 0, 1, out _);
        forbidden.Should().Throw<global::Azure.RequestFailedException>().Which.Status.Should().Be(403);
    }

    public void Dispose() => _service.Dispose();
}
