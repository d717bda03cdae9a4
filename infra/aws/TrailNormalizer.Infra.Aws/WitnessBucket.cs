using Amazon.CDK;
using Amazon.CDK.AWS.S3;
using Constructs;

namespace TrailNormalizer.Infra.Aws;

/// <summary>
/// A bucket for witness copies of the checkpoints, created in this stack (<c>-c createWitnessBucket=true</c>): Object Lock
/// COMPLIANCE like the evidence, SSE-S3 so no key of this stack is needed to read it, retained. A witness in the same
/// account shares the account's administrators with the evidence; a witness in another account (deployed there, or any
/// bucket given by <c>-c witnessBucket=NAME</c>) does not.
/// </summary>
public sealed class WitnessBucket : Construct
{
    public WitnessBucket(Construct scope, string id, TrailNormalizerSettings settings) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Bucket = new Bucket(this, "Bucket", new BucketProps
        {
            ObjectLockEnabled = true,
            ObjectLockDefaultRetention = ObjectLockRetention.Compliance(Duration.Days(settings.RetentionDays)),
            Versioned = true,
            Encryption = BucketEncryption.S3_MANAGED,
            BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
            ObjectOwnership = ObjectOwnership.BUCKET_OWNER_ENFORCED,
            EnforceSSL = true,
            RemovalPolicy = RemovalPolicy.RETAIN,
        });
    }

    public Bucket Bucket { get; }
}
