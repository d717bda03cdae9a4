using Amazon.S3;
using Amazon.S3.Model;

namespace TrailNormalizer.Aws.Storage;

/// <summary>
/// The start-up check: evidence goes only to a bucket with Object Lock enabled (which implies versioning), so that the
/// COMPLIANCE retention sent with every object is enforced. Anything else is a configuration error naming the bucket.
/// </summary>
public static class ObjectLockCheck
{
    public static void Ensure(IAmazonS3 s3, string bucket, RetryPolicy retry)
    {
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

        var versioning = retry.Run($"GET versioning of s3://{bucket}",
            cancel => s3.GetBucketVersioningAsync(new GetBucketVersioningRequest { BucketName = bucket }, cancel));
        if (versioning.VersioningConfig?.Status != VersionStatus.Enabled)
        {
            throw Refuse(bucket, "versioning is not enabled", null);
        }
    }

    private static StorageConfigurationException Refuse(string bucket, string why, Exception? inner) =>
        new($"evidence bucket '{bucket}' refused: {why}; evidence needs a bucket created with Object Lock enabled (COMPLIANCE retention)", inner);
}
