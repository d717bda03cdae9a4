using Amazon.CDK;
using Amazon.CDK.AWS.Athena;
using Amazon.CDK.AWS.S3;
using Constructs;

namespace TrailNormalizer.Infra.Aws.Siem;

/// <summary>
/// The Athena workgroup analysts query the evidence in: its settings are enforced (a client cannot send results
/// elsewhere or unencrypted), results go to a bucket of their own encrypted with SSE-S3 and expire after 30 days,
/// and a query that would scan more than the cutoff is cancelled.
/// </summary>
public sealed class QueryWorkgroup : Construct
{
    public const string ResultsPrefix = "results/";
    public const int ResultsExpireDays = 30;

    public QueryWorkgroup(Construct scope, string id, TrailNormalizerSettings settings) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ResultsBucket = new Bucket(this, "Results", new BucketProps
        {
            Encryption = BucketEncryption.S3_MANAGED,
            BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
            ObjectOwnership = ObjectOwnership.BUCKET_OWNER_ENFORCED,
            EnforceSSL = true,
            RemovalPolicy = RemovalPolicy.RETAIN,
            LifecycleRules =
            [
                new LifecycleRule { Expiration = Duration.Days(ResultsExpireDays), AbortIncompleteMultipartUploadAfter = Duration.Days(1) },
            ],
        });

        Name = settings.QueryDatabaseName;
        WorkGroup = new CfnWorkGroup(this, "WorkGroup", new CfnWorkGroupProps
        {
            Name = Name,
            Description = "TrailNormalizer: SQL over the OCSF evidence (read-only)",
            State = "ENABLED",
            RecursiveDeleteOption = false,
            WorkGroupConfiguration = new CfnWorkGroup.WorkGroupConfigurationProperty
            {
                EnforceWorkGroupConfiguration = true,
                PublishCloudWatchMetricsEnabled = true,
                BytesScannedCutoffPerQuery = settings.QueryBytesScannedCutoffGb * 1024d * 1024d * 1024d,
                EngineVersion = new CfnWorkGroup.EngineVersionProperty { SelectedEngineVersion = "Athena engine version 3" },
                ResultConfiguration = new CfnWorkGroup.ResultConfigurationProperty
                {
                    OutputLocation = $"s3://{ResultsBucket.BucketName}/{ResultsPrefix}",
                    EncryptionConfiguration = new CfnWorkGroup.EncryptionConfigurationProperty { EncryptionOption = "SSE_S3" },
                },
            },
        });
    }

    public string Name { get; }

    public Bucket ResultsBucket { get; }

    public CfnWorkGroup WorkGroup { get; }

    public string Arn => $"arn:{Amazon.CDK.Aws.PARTITION}:athena:{Amazon.CDK.Aws.REGION}:{Amazon.CDK.Aws.ACCOUNT_ID}:workgroup/{Name}";
}
