using System.Net;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using TrailNormalizer.Aws.Storage;
using TrailNormalizer.Core.Evidence;

namespace TrailNormalizer.Aws.Tests.Storage;

/// <summary>The S3 evidence store against a real S3 implementation with Object Lock (Ceph radosgw on loopback).</summary>
public sealed class S3EvidenceStoreRadosgwTests : IDisposable
{
    private readonly AmazonS3Client _s3 = Radosgw.Client();
    private readonly string _bucket;

    public S3EvidenceStoreRadosgwTests()
    {
        _bucket = Radosgw.NewBucket(_s3, objectLock: true);
    }

    public void Dispose() => _s3.Dispose();

    private S3EvidenceStore Store(string? prefix = null, int pageSize = 1000) =>
        new(_s3, new S3EvidenceStoreOptions(_bucket, prefix) { ListPageSize = pageSize }, Radosgw.Retry());

    private static DateTimeOffset RetainUntil() => new RetentionPolicy(RetentionPolicy.MinimumDays).RetainUntil(DateTimeOffset.UtcNow);

    [Fact]
    public async Task A_stored_object_is_locked_in_compliance_mode_until_its_retention_date()
    {
        var retainUntil = RetainUntil();
        Store("tenant-a").Put("events/a.ndjson.gz", Encoding.UTF8.GetBytes("batch a"), retainUntil);

        var retention = await _s3.GetObjectRetentionAsync(new GetObjectRetentionRequest { BucketName = _bucket, Key = "tenant-a/events/a.ndjson.gz" });

        retention.Retention.Mode.Should().Be(ObjectLockRetentionMode.Compliance);
        retention.Retention.RetainUntilDate!.Value.ToUniversalTime().Should().BeCloseTo(retainUntil.UtcDateTime, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Deleting_the_locked_version_or_shortening_its_retention_is_refused_by_the_server()
    {
        var retainUntil = RetainUntil();
        var store = Store();
        store.Put("events/locked.ndjson.gz", Encoding.UTF8.GetBytes("locked batch"), retainUntil);
        var head = await _s3.GetObjectMetadataAsync(_bucket, "events/locked.ndjson.gz");
        head.VersionId.Should().NotBeNullOrEmpty();

        var delete = () => _s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _bucket, Key = "events/locked.ndjson.gz", VersionId = head.VersionId });
        var shorten = () => _s3.PutObjectRetentionAsync(new PutObjectRetentionRequest
        {
            BucketName = _bucket,
            Key = "events/locked.ndjson.gz",
            VersionId = head.VersionId,
            Retention = new ObjectLockRetention { Mode = ObjectLockRetentionMode.Compliance, RetainUntilDate = retainUntil.UtcDateTime.AddDays(-30) },
        });
        var bypass = () => _s3.DeleteObjectAsync(new DeleteObjectRequest
        {
            BucketName = _bucket, Key = "events/locked.ndjson.gz", VersionId = head.VersionId, BypassGovernanceRetention = true,
        });

        (await delete.Should().ThrowAsync<AmazonS3Exception>()).Which.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await shorten.Should().ThrowAsync<AmazonS3Exception>()).Which.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await bypass.Should().ThrowAsync<AmazonS3Exception>()).Which.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        using var reader = new StreamReader(store.OpenRead("events/locked.ndjson.gz"));
        reader.ReadToEnd().Should().Be("locked batch");
    }

    [Fact]
    public void Objects_round_trip_and_list_in_ordinal_order_across_pages_under_the_prefix()
    {
        var store = Store("tenant-a/", pageSize: 2);
        var other = Store("tenant-b");
        string[] keys = ["events/b/2.json", "events/a/1.json", "events/B/0.json", "events/a/10.json", "events/a/9.json"];
        foreach (string key in keys)
        {
            store.Put(key, Encoding.UTF8.GetBytes("content of " + key), RetainUntil());
        }

        other.Put("events/a/1.json", Encoding.UTF8.GetBytes("tenant b"), RetainUntil());
        store.Put("quarantine/q.json", Encoding.UTF8.GetBytes("q"), RetainUntil());

        store.List("events/").Should().Equal(keys.Order(StringComparer.Ordinal));
        store.List("").Should().HaveCount(6);
        store.List("nothing/").Should().BeEmpty();
        store.Exists("events/a/9.json").Should().BeTrue();
        store.Exists("events/a/8.json").Should().BeFalse();
        other.List("").Should().Equal("events/a/1.json");
        foreach (string key in keys)
        {
            using var reader = new StreamReader(store.OpenRead(key));
            reader.ReadToEnd().Should().Be("content of " + key);
        }

        var missing = () => store.OpenRead("events/a/8.json");
        missing.Should().Throw<FileNotFoundException>();
    }

    [Fact]
    public void The_start_up_check_accepts_an_Object_Lock_bucket_and_refuses_one_without()
    {
        string plain = Radosgw.NewBucket(_s3, objectLock: false);

        var locked = () => ObjectLockCheck.Ensure(_s3, _bucket, Radosgw.Retry());
        var unlocked = () => ObjectLockCheck.Ensure(_s3, plain, Radosgw.Retry());
        var absent = () => ObjectLockCheck.Ensure(_s3, "trailnorm-no-such-bucket", Radosgw.Retry());

        locked.Should().NotThrow();
        unlocked.Should().Throw<StorageConfigurationException>().WithMessage($"*'{plain}'*Object Lock is not enabled*");
        absent.Should().Throw<StorageConfigurationException>().WithMessage("*'trailnorm-no-such-bucket'*");
    }
}
