using Amazon.S3;
using Amazon.S3.Model;
using TrailNormalizer.Aws.Storage;

namespace TrailNormalizer.Aws.Tests.Storage;

/// <summary>
/// The local radosgw started by scripts/services/radosgw.sh (TRAILNORM_S3_ENDPOINT plus AWS_ACCESS_KEY_ID,
/// AWS_SECRET_ACCESS_KEY, AWS_REGION). Tests that need it fail, never skip, when it is not there.
/// </summary>
internal static class Radosgw
{
    public static string Endpoint => Environment.GetEnvironmentVariable(S3ClientFactory.EndpointVariable) is { Length: > 0 } e
        ? e
        : throw new InvalidOperationException(
            $"{S3ClientFactory.EndpointVariable} is not set: run scripts/test.sh, or eval \"$(scripts/services/radosgw.sh start)\" before dotnet test");

    public static AmazonS3Client Client()
    {
        string endpoint = Endpoint;
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID")))
        {
            throw new InvalidOperationException("AWS_ACCESS_KEY_ID is not set: use the export line printed by scripts/services/radosgw.sh start");
        }

        return S3ClientFactory.Create(Environment.GetEnvironmentVariable("AWS_REGION") ?? "us-east-1", endpoint);
    }

    /// <summary>A new bucket with a unique name, with or without Object Lock (which also turns versioning on).</summary>
    public static string NewBucket(IAmazonS3 s3, bool objectLock)
    {
        string bucket = "trailnorm-" + Guid.NewGuid().ToString("N")[..20];
        s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket, ObjectLockEnabledForBucket = objectLock }).GetAwaiter().GetResult();
        return bucket;
    }

    public static RetryPolicy Retry() => RetryPolicy.WithBudget(TimeSpan.FromSeconds(20));
}
