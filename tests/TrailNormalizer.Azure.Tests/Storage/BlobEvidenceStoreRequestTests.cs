using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using TrailNormalizer.Azure.Storage;
using TrailNormalizer.Core.Evidence;

namespace TrailNormalizer.Azure.Tests.Storage;

/// <summary>
/// What the store sends to Blob storage, seen at the HTTP level through the SDK's transport: the WORM headers
/// Azurite cannot check (it answers 501 to immutability), the create-only condition, and the content hash.
/// </summary>
public sealed class BlobEvidenceStoreRequestTests : IDisposable
{
    private static readonly DateTimeOffset RetainUntil = new(2027, 12, 29, 8, 30, 0, TimeSpan.Zero);
    private static readonly Uri ContainerUrl = new("https://contosoaudit.blob.core.windows.net/evidence");
    private readonly FakeBlobService _service = new();
    private readonly List<string> _log = [];

    private BlobEvidenceStore Store(bool worm, string prefix = "")
    {
        var options = BlobClientFactory.ClientOptions(new HttpClientTransport(new HttpClient(_service)));
        options.Retry.MaxRetries = 0;
        var container = BlobClientFactory.EvidenceContainer(ContainerUrl, new StaticTokenCredential(), development: false, options);
        return new BlobEvidenceStore(container, worm, _log.Add, prefix);
    }

    [Fact]
    public void Every_put_is_one_create_only_request_with_a_locked_immutability_policy_and_md5()
    {
        var store = Store(worm: true, prefix: "tenant-a");
        byte[] batch = "batch bytes"u8.ToArray();
        byte[] manifest = "{\"manifest\":true}"u8.ToArray();

        store.Put("events/cloud=azure/b.ndjson.gz", batch, RetainUntil);
        store.Put("events/cloud=azure/b.manifest.json", manifest, RetainUntil.AddDays(1));

        _service.Requests.Should().HaveCount(2);
        var (first, second) = (_service.Requests[0], _service.Requests[1]);
        first.Method.Should().Be("PUT");
        first.Uri.AbsolutePath.Should().Be("/evidence/tenant-a/events/cloud%3Dazure/b.ndjson.gz");
        first.Headers["If-None-Match"].Should().Be("*");
        first.Headers["x-ms-blob-type"].Should().Be("BlockBlob");
        first.Headers["x-ms-immutability-policy-mode"].Should().Be("Locked");
        first.Headers["x-ms-immutability-policy-until-date"].Should().Be(RetainUntil.AddDays(1).ToString("R", CultureInfo.InvariantCulture));
        first.Headers["Content-MD5"].Should().Be(Md5(batch));
        first.Headers["x-ms-blob-content-type"].Should().Be("application/gzip");
        first.Headers["Authorization"].Should().Be("Bearer test-token");
        first.Body.Should().Equal(batch);

        second.Headers["If-None-Match"].Should().Be("*");
        second.Headers["x-ms-immutability-policy-mode"].Should().Be("Locked");
        second.Headers["x-ms-immutability-policy-until-date"].Should().Be(RetainUntil.AddDays(2).ToString("R", CultureInfo.InvariantCulture));
        second.Headers["Content-MD5"].Should().Be(Md5(manifest));
        second.Headers["x-ms-blob-content-type"].Should().Be("application/json");
        _log.Should().BeEmpty();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3600)]
    [InlineData(-86399)]
    public void A_blob_is_never_locked_for_less_than_the_default_policy_written_at_the_same_moment(int handlerClockOffsetSeconds)
    {
        // The account's default policy (retentionDays) locks a version until its creation time on storage's clock
        // plus the period; the handler computes its date on its own clock, which may run behind.
        var retention = new RetentionPolicy(400);
        var storageNow = new DateTimeOffset(2026, 12, 4, 23, 0, 0, TimeSpan.Zero);
        var defaultPolicyUntil = storageNow.AddDays(retention.Days);
        var store = Store(worm: true);

        store.Put("events/b.ndjson.gz", "x"u8.ToArray(), retention.RetainUntil(storageNow.AddSeconds(handlerClockOffsetSeconds)));

        var until = DateTimeOffset.Parse(_service.Requests.Single().Headers["x-ms-immutability-policy-until-date"], CultureInfo.InvariantCulture);
        until.Should().BeOnOrAfter(defaultPolicyUntil);
    }

    [Fact]
    public void A_large_object_still_goes_in_one_request()
    {
        var store = Store(worm: true);
        byte[] big = new byte[12 * 1024 * 1024];
        new Random(3).NextBytes(big);

        store.Put("events/big.ndjson.gz", big, RetainUntil);

        _service.Requests.Should().ContainSingle().Which.Body.Length.Should().Be(big.Length);
        _service.Requests[0].Headers["x-ms-immutability-policy-mode"].Should().Be("Locked");
    }

    [Fact]
    public void Development_mode_sends_no_policy_but_keeps_create_only_and_warns()
    {
        var store = Store(worm: false);

        store.Put("events/b.ndjson.gz", "x"u8.ToArray(), RetainUntil);

        var request = _service.Requests.Should().ContainSingle().Subject;
        request.Headers.Should().NotContainKey("x-ms-immutability-policy-mode").And.NotContainKey("x-ms-immutability-policy-until-date");
        request.Headers["If-None-Match"].Should().Be("*");
        _log.Should().ContainSingle().Which.Should().Contain(WormCheck.NotWormWarning);
    }

    [Theory]
    [InlineData(HttpStatusCode.Conflict, "BlobAlreadyExists")]
    [InlineData(HttpStatusCode.PreconditionFailed, "ConditionNotMet")]
    [InlineData(HttpStatusCode.Conflict, "BlobImmutableDueToPolicy")]
    public void An_existing_blob_written_by_someone_else_is_evidence_exists(HttpStatusCode status, string code)
    {
        var store = Store(worm: true);
        _service.Answer(() => FakeBlobService.Error(status, code));
        _service.Answer(() => FakeBlobService.Properties(new Dictionary<string, string> { ["trailnormwriteid"] = "someone-else" }));

        var put = () => store.Put("log/checkpoint-0.txt", "note"u8.ToArray(), RetainUntil);

        put.Should().Throw<EvidenceExistsException>().WithMessage("*log/checkpoint-0.txt*");
        _service.Requests.Select(r => r.Method).Should().Equal("PUT", "HEAD");
    }

    [Fact]
    public void A_retry_that_finds_its_own_earlier_write_succeeds()
    {
        var store = Store(worm: true);
        // The first attempt's answer was lost and the retry is refused: the blob carries this Put's own write id.
        _service.Answer(() => FakeBlobService.Error(HttpStatusCode.Conflict, "BlobAlreadyExists"));
        _service.Answer(() => FakeBlobService.Properties(new Dictionary<string, string>
        {
            ["trailnormwriteid"] = _service.Requests[0].Headers["x-ms-meta-trailnormwriteid"],
        }));

        var put = () => store.Put("events/b.ndjson.gz", "x"u8.ToArray(), RetainUntil);

        put.Should().NotThrow();
        _service.Requests.Select(r => r.Method).Should().Equal("PUT", "HEAD");
    }

    [Fact]
    public void Other_failures_are_not_mistaken_for_an_existing_object()
    {
        var store = Store(worm: true);
        _service.Answer(() => FakeBlobService.Error(HttpStatusCode.BadRequest, "InvalidHeaderValue"));

        var put = () => store.Put("events/b.ndjson.gz", "x"u8.ToArray(), RetainUntil);

        put.Should().Throw<global::Azure.RequestFailedException>().Which.Status.Should().Be(400);
    }

    public void Dispose() => _service.Dispose();

    // Content-MD5 is Blob storage's transfer checksum, not a security control.
#pragma warning disable CA5351
    private static string Md5(byte[] content) => Convert.ToBase64String(MD5.HashData(content));
#pragma warning restore CA5351
}
