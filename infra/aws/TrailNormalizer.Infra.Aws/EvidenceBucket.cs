using Amazon.CDK;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.S3;
using Constructs;

namespace TrailNormalizer.Infra.Aws;

/// <summary>
/// The WORM evidence store: Object Lock COMPLIANCE by default (nobody, root included, can delete or shorten a locked
/// version), versioned, SSE-KMS with the data key, private, TLS-only, retained when the stack goes away.
/// </summary>
public sealed class EvidenceBucket : Construct
{
    public EvidenceBucket(Construct scope, string id, TrailNormalizerSettings settings, IKey dataKey) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();

        var accessLogs = settings.ServerAccessLogs ? CreateAccessLogBucket() : null;

        Bucket = new Bucket(this, "Bucket", new BucketProps
        {
            ObjectLockEnabled = true,
            ObjectLockDefaultRetention = ObjectLockRetention.Compliance(Duration.Days(settings.RetentionDays)),
            Versioned = true,
            Encryption = BucketEncryption.KMS,
            EncryptionKey = dataKey,
            BucketKeyEnabled = true,
            BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
            ObjectOwnership = ObjectOwnership.BUCKET_OWNER_ENFORCED,
            EnforceSSL = true,
            RemovalPolicy = RemovalPolicy.RETAIN,
            ServerAccessLogsBucket = accessLogs,
            ServerAccessLogsPrefix = accessLogs is null ? null : "evidence-bucket/",
        });
    }

    public Bucket Bucket { get; }

    /// <summary>S3 cannot deliver access logs to an SSE-KMS bucket, so this one uses SSE-S3.</summary>
    private Bucket CreateAccessLogBucket() => new(this, "AccessLogs", new BucketProps
    {
        Encryption = BucketEncryption.S3_MANAGED,
        Versioned = true,
        BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
        ObjectOwnership = ObjectOwnership.BUCKET_OWNER_ENFORCED,
        EnforceSSL = true,
        RemovalPolicy = RemovalPolicy.RETAIN,
    });
}
