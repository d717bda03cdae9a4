using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;
using Amazon.S3;
using TrailNormalizer.Aws.Storage;
using TrailNormalizer.Core.Evidence;
using RetryPolicy = TrailNormalizer.Aws.Storage.RetryPolicy;

namespace TrailNormalizer.Aws.Tests.Storage;

/// <summary>
/// What the store puts on the wire and how it reads S3's answers, against a loopback fake that behaves like S3 where
/// radosgw does not (412 for If-None-Match) and fails on demand.
/// </summary>
public sealed class S3EvidenceStoreWireTests : IDisposable
{
    private const string KmsKey = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static readonly DateTimeOffset RetainUntil = new(2027, 4, 18, 10, 30, 15, TimeSpan.Zero);
    private readonly FakeS3 _server = new();
    private readonly AmazonS3Client _s3;

    public S3EvidenceStoreWireTests()
    {
        _s3 = S3ClientFactory.Create("eu-west-1", _server.Url, new BasicAWSCredentials("AKIDEXAMPLE", "not-a-secret"));
    }

    public void Dispose()
    {
        _s3.Dispose();
        _server.Dispose();
    }

    private static RetryPolicy FastRetry(TimeSpan budget) =>
        new(() => DateTimeOffset.UtcNow + budget) { FirstDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(20) };

    private S3EvidenceStore Store(string? kmsKey = null, TimeSpan? budget = null) =>
        new(_s3, new S3EvidenceStoreOptions("evidence-bucket", "tenant-a", kmsKey), FastRetry(budget ?? TimeSpan.FromSeconds(10)));

    private List<FakeRequest> Puts() => _server.Requests.Where(r => r.Method == "PUT").ToList();

    [Fact]
    public void A_put_carries_create_only_lock_checksum_and_kms_headers_in_one_plain_body()
    {
        byte[] content = Encoding.UTF8.GetBytes("{\"event\":1}\n{\"event\":2}\n");

        Store(KmsKey).Put("events/b1.ndjson.gz", content, RetainUntil);

        var put = Puts().Should().ContainSingle().Subject;
        put.Path.Should().Be("/evidence-bucket/tenant-a/events/b1.ndjson.gz");
        put.Body.Should().Equal(content);
        put.Header("If-None-Match").Should().Be("*");
        put.Header("x-amz-object-lock-mode").Should().Be("COMPLIANCE");
        DateTimeOffset.Parse(put.Header("x-amz-object-lock-retain-until-date")!, CultureInfo.InvariantCulture).Should().Be(RetainUntil);
        put.Header("x-amz-checksum-sha256").Should().Be(Convert.ToBase64String(SHA256.HashData(content)));
#pragma warning disable CA5351 // checking the Content-MD5 header the store must send
        put.Header("Content-MD5").Should().Be(Convert.ToBase64String(MD5.HashData(content)));
#pragma warning restore CA5351
        put.Header("Content-Length").Should().Be(content.Length.ToString(CultureInfo.InvariantCulture));
        (put.Header("Content-Encoding") ?? "").Should().NotContain("aws-chunked");
        put.Header("x-amz-trailer").Should().BeNull();
        put.Header("x-amz-decoded-content-length").Should().BeNull();
        put.Header("x-amz-content-sha256").Should().NotStartWith("STREAMING");
        put.Header("x-amz-server-side-encryption").Should().Be("aws:kms");
        put.Header("x-amz-server-side-encryption-aws-kms-key-id").Should().Be(KmsKey);
    }

    [Fact]
    public void Without_a_kms_key_no_encryption_header_is_sent_and_the_bucket_default_applies()
    {
        Store().Put("events/b1.ndjson.gz", new byte[] { 1, 2, 3 }, RetainUntil);

        Puts().Single().Header("x-amz-server-side-encryption").Should().BeNull();
    }

    [Fact]
    public void An_existing_key_answered_with_412_is_EvidenceExists_and_not_retried()
    {
        _server.Respond = _ => FakeS3.Error(412, "PreconditionFailed");

        var act = () => Store().Put("events/b1.ndjson.gz", new byte[] { 1, 2, 3 }, RetainUntil);

        act.Should().Throw<EvidenceExistsException>().WithMessage("*events/b1.ndjson.gz*");
        Puts().Should().HaveCount(1);
    }

    [Fact]
    public void Slow_down_then_success_is_retried_with_the_same_body()
    {
        int calls = 0;
        _server.Respond = _ => ++calls == 1 ? FakeS3.Error(503, "SlowDown") : FakeResponse.Ok();

        Store().Put("events/b1.ndjson.gz", new byte[] { 1, 2, 3 }, RetainUntil);

        Puts().Should().HaveCount(2);
        Puts()[1].Body.Should().Equal(1, 2, 3);
        Puts()[1].Header("Content-MD5").Should().Be(Puts()[0].Header("Content-MD5"));
    }

    [Fact]
    public void A_server_that_keeps_failing_ends_in_StorageUnavailable_at_the_deadline()
    {
        _server.Respond = _ => FakeS3.Error(500, "InternalError");

        var act = () => Store(budget: TimeSpan.FromMilliseconds(400)).Put("events/b1.ndjson.gz", new byte[] { 1, 2, 3 }, RetainUntil);

        act.Should().Throw<StorageUnavailableException>().WithMessage("*PUT s3://evidence-bucket/tenant-a/events/b1.ndjson.gz*");
        Puts().Count.Should().BeGreaterThan(1);
    }

    [Fact]
    public void A_refused_connection_is_retried_then_StorageUnavailable()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int closedPort = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        using var s3 = S3ClientFactory.Create("eu-west-1", $"http://127.0.0.1:{closedPort}", new BasicAWSCredentials("AKIDEXAMPLE", "not-a-secret"));
        var store = new S3EvidenceStore(s3, new S3EvidenceStoreOptions("evidence-bucket"), FastRetry(TimeSpan.FromMilliseconds(300)));

        var act = () => store.Exists("events/b1.ndjson.gz");

        act.Should().Throw<StorageUnavailableException>().Which.Attempts.Should().BeGreaterThan(1);
    }

    [Fact]
    public void A_412_after_a_lost_answer_is_success_when_the_stored_object_is_ours()
    {
        byte[] content = [4, 5, 6];
        var stored = new List<byte[]>();
        _server.Respond = request =>
        {
            if (request.Method == "PUT")
            {
                stored.Add(request.Body);
                return stored.Count == 1 ? FakeS3.Error(500, "InternalError") : FakeS3.Error(412, "PreconditionFailed");
            }

            return FakeResponse.Ok(stored[0]);
        };

        Store().Put("events/b1.ndjson.gz", content, RetainUntil);

        _server.Requests.Select(r => r.Method).Should().Equal("PUT", "PUT", "GET");
    }

    [Fact]
    public void A_412_after_a_lost_answer_is_EvidenceExists_when_the_stored_object_differs()
    {
        _server.Respond = request => request.Method == "PUT"
            ? (Puts().Count == 1 ? FakeS3.Error(503, "SlowDown") : FakeS3.Error(412, "PreconditionFailed"))
            : FakeResponse.Ok([9, 9, 9]);

        var act = () => Store().Put("events/b1.ndjson.gz", new byte[] { 4, 5, 6 }, RetainUntil);

        act.Should().Throw<EvidenceExistsException>();
    }

    [Fact]
    public void Exists_is_a_HEAD_and_404_means_absent()
    {
        _server.Respond = request => request.Path.EndsWith("/there", StringComparison.Ordinal)
            ? FakeResponse.Ok()
            : new FakeResponse(404, "", null);

        Store().Exists("there").Should().BeTrue();
        Store().Exists("not-there").Should().BeFalse();
        _server.Requests.Select(r => (r.Method, r.Path)).Should().Equal(("HEAD", "/evidence-bucket/tenant-a/there"), ("HEAD", "/evidence-bucket/tenant-a/not-there"));
    }

    [Fact]
    public void Unsafe_keys_are_refused_before_any_request()
    {
        var act = () => Store().Put("../escape", new byte[] { 1 }, RetainUntil);

        act.Should().Throw<ArgumentException>();
        _server.Requests.Should().BeEmpty();
    }

    [Fact]
    public void The_object_source_turns_NoSuchKey_into_a_reason_and_throws_on_other_errors()
    {
        _server.Respond = request => request.Path.EndsWith("/missing.json.gz", StringComparison.Ordinal)
            ? FakeS3.Error(404, "NoSuchKey")
            : FakeS3.Error(403, "AccessDenied");
        var source = new S3ObjectSource(_s3, ["logs"], FastRetry(TimeSpan.FromSeconds(5)));

        source.Open("logs", "missing.json.gz", out string? missing).Should().BeNull();
        var denied = () => source.Open("logs", "denied.json.gz", out _);

        missing.Should().Be("no such object");
        denied.Should().Throw<AmazonS3Exception>().Which.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public void The_start_up_check_refuses_a_bucket_whose_lock_configuration_is_absent()
    {
        _server.Respond = _ => FakeS3.Error(404, "ObjectLockConfigurationNotFoundError");

        var act = () => ObjectLockCheck.Ensure(_s3, "plain-bucket", FastRetry(TimeSpan.FromSeconds(5)));

        act.Should().Throw<StorageConfigurationException>().WithMessage("evidence bucket 'plain-bucket' refused: Object Lock is not enabled*");
        _server.Requests.Single().Query.Should().Contain("object-lock");
    }
}
