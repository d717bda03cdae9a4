using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using TrailNormalizer.Aws.Tests.Support;
using TrailNormalizer.Core.Evidence;

namespace TrailNormalizer.Aws.Tests.EndToEnd;

/// <summary>Reading back what the bootstrap wrote to radosgw.</summary>
public static class EvidenceAssertions
{
    public static List<string> EventUids(IEvidenceStore store) =>
        EvidenceLines.Events(store).Select(e => e.GetProperty("metadata").GetProperty("uid").GetString()!).ToList();

    public static List<string> QuarantineReasons(IEvidenceStore store) =>
        EvidenceLines.Quarantine(store).Select(q => q.GetProperty("reason").GetString()!).ToList();

    /// <summary>The object's current version is in COMPLIANCE mode, and radosgw refuses to delete that version.</summary>
    public static async Task ShouldBeLocked(LambdaWorld world, string key)
    {
        string objectKey = world.EvidencePrefix + key;
        var head = await world.S3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = world.EvidenceBucket, Key = objectKey });
        head.ObjectLockMode.Should().Be(ObjectLockMode.Compliance, key);
        head.ObjectLockRetainUntilDate!.Value.ToUniversalTime().Should().BeAfter(DateTime.UtcNow.AddDays(89), key);

        var delete = () => world.S3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = world.EvidenceBucket, Key = objectKey, VersionId = head.VersionId });
        (await delete.Should().ThrowAsync<AmazonS3Exception>()).Which.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }
}
