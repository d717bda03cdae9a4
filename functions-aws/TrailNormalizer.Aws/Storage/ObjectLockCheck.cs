using System.Diagnostics;
using Amazon.S3;
using Amazon.S3.Model;

namespace TrailNormalizer.Aws.Storage;

/// <summary>
/// The start-up check: evidence goes only to a bucket with Object Lock enabled (which implies versioning), so that the
/// COMPLIANCE retention sent with every object is enforced. Anything else is a configuration error naming the bucket.
/// </summary>
public static class ObjectLockCheck
{
    /// <summary>Checks the bucket; returns how long each of its two S3 calls took (the first also pays the client's first-request set-up).</summary>
    public static CallTimes Ensure(IAmazonS3 s3, string bucket, RetryPolicy retry)
    {
        long started = Stopwatch.GetTimestamp();
        GetObjectLockConfigurationResponse lockConfig;
        try
        {
            lockConfig = retry.Run($"GET object lock configuration of s3://{bucket}",
                cancel => s3.GetObjectLockConfigurationAsync(new GetObjectLockConfigurationRequest { BucketName = bucket }, cancel));
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode == "ObjectLockConfigurationNotFoundError")
        {
            throw Refuse(bucket, "Object Lock is not enabled", ex);
        }
        catch (AmazonS3Exception ex)
        {
            throw Refuse(bucket, $"its Object Lock configuration cannot be read ({ex.ErrorCode ?? ex.StatusCode.ToString()})", ex);
        }

        if (lockConfig.ObjectLockConfiguration?.ObjectLockEnabled != ObjectLockEnabled.Enabled)
        {
            throw Refuse(bucket, "Object Lock is not enabled", null);
        }

        var lockConfigurationCall = Stopwatch.GetElapsedTime(started);
        started = Stopwatch.GetTimestamp();
        var versioning = retry.Run($"GET versioning of s3://{bucket}",
            cancel => s3.GetBucketVersioningAsync(new GetBucketVersioningRequest { BucketName = bucket }, cancel));
        if (versioning.VersioningConfig?.Status != VersionStatus.Enabled)
        {
            throw Refuse(bucket, "versioning is not enabled", null);
        }

        return new CallTimes(lockConfigurationCall, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>How long GetObjectLockConfiguration and then GetBucketVersioning took, retries included.</summary>
    public readonly record struct CallTimes(TimeSpan LockConfiguration, TimeSpan Versioning);

    private static StorageConfigurationException Refuse(string bucket, string why, Exception? inner) =>
        new($"evidence bucket '{bucket}' refused: {why}; evidence needs a bucket created with Object Lock enabled (COMPLIANCE retention)", inner);
}
