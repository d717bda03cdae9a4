using System.Globalization;
using System.Text;
using Amazon.S3;
using TrailNormalizer.Aws.Storage;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Evidence.Checkpoints;
using TrailNormalizer.Core.Pipeline;

namespace TrailNormalizer.Aws.Tests.Storage;

/// <summary>
/// The whole evidence path on radosgw: normalize into the S3 store, seal with a local key, then verify both in place
/// and from a downloaded copy in a local folder (what an auditor does with the bucket's contents).
/// </summary>
public sealed class EvidenceOnRadosgwTests : IDisposable
{
    private readonly AmazonS3Client _s3 = Radosgw.Client();
    private readonly string _work = Directory.CreateTempSubdirectory("trailnorm-s3-").FullName;

    public void Dispose()
    {
        _s3.Dispose();
        foreach (var f in Directory.EnumerateFiles(_work, "*", SearchOption.AllDirectories))
        {
            File.SetAttributes(f, FileAttributes.Normal);
        }

        Directory.Delete(_work, true);
    }

    [Fact]
    public void Batches_written_and_sealed_in_S3_verify_in_place_and_after_download()
    {
        string bucket = Radosgw.NewBucket(_s3, objectLock: true);
        var store = new S3EvidenceStore(_s3, new S3EvidenceStoreOptions(bucket, "evidence") { ListPageSize = 3 }, Radosgw.Retry());
        ObjectLockCheck.Ensure(_s3, bucket, Radosgw.Retry());
        string input = Path.Combine(_work, "input.json");
        File.WriteAllText(input, CloudTrailLog(30));
        string broken = Path.Combine(_work, "broken.json");
        File.WriteAllText(broken, "{\"Records\":[{\"eventVersion\":");
        string keyFile = Path.Combine(_work, "signing.key");
        File.WriteAllText(keyFile, LocalKeySigner.Generate().PrivatePem);
        using var signer = LocalKeySigner.FromPemFile(keyFile);

        var summary = new NormalizationPipeline(store, TimeProvider.System, writerOptions: new EvidenceWriterOptions { MaxEventsPerBatch = 7 })
            .Run([input, broken]);
        var seal = new Sealer(store, signer, "test.trailnormalizer/s3", TimeProvider.System).Seal();

        summary.Normalized.Should().Be(30);
        summary.Quarantined.Should().BeGreaterThan(0);
        seal.Appended.Should().BeGreaterThan(4);
        var inPlace = EvidenceVerifier.Verify(store, signer.PublicKeySpki);
        inPlace.Findings.Should().BeEmpty();
        inPlace.Events.Should().Be(30);
        inPlace.Checkpoints.Should().Be(1);

        var copy = new LocalEvidenceStore(Path.Combine(_work, "copy"));
        foreach (string key in store.List(""))
        {
            using var stream = store.OpenRead(key);
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            copy.Put(key, buffer.ToArray(), DateTimeOffset.UtcNow);
        }

        var downloaded = EvidenceVerifier.Verify(copy, signer.PublicKeySpki);
        downloaded.Findings.Should().BeEmpty();
        downloaded.Events.Should().Be(30);
        copy.List("").Should().Equal(store.List(""));
    }

    /// <summary>A CloudTrail log file of <paramref name="count"/> read-only calls spread over two regions and three hours.</summary>
    private static string CloudTrailLog(int count)
    {
        var log = new StringBuilder("{\"Records\":[");
        for (int i = 0; i < count; i++)
        {
            string region = i % 2 == 0 ? "eu-west-1" : "us-east-1";
            string time = new DateTime(2026, 3, 14, 9 + (i % 3), i, 0, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            log.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $$"""
                {"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE{{i}}","arn":"arn:aws:iam::111122223333:user/u{{i}}","accountId":"111122223333","userName":"u{{i}}"},
                 "eventTime":"{{time}}","eventSource":"sts.amazonaws.com","eventName":"GetCallerIdentity","awsRegion":"{{region}}",
                 "sourceIPAddress":"198.51.100.{{i}}","userAgent":"test","requestParameters":null,"responseElements":null,
                 "requestID":"req-{{i}}","eventID":"{{Guid.NewGuid()}}","readOnly":true,"eventType":"AwsApiCall","managementEvent":true,
                 "recipientAccountId":"111122223333","eventCategory":"Management"}
                """);
        }

        return log.Append("]}").ToString();
    }
}
