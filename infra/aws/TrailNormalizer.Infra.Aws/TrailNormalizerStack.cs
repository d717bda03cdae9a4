using Amazon.CDK;
using Amazon.CDK.AWS.S3;
using Constructs;
using TrailNormalizer.Infra.Aws.Siem;

namespace TrailNormalizer.Infra.Aws;

/// <summary>
/// TrailNormalizer on AWS: CloudTrail events (EventBridge, and optionally the trail's bucket) → SQS → the <c>sqs</c>
/// function → WORM evidence bucket; a schedule → the <c>seal</c> function → signed checkpoints.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "A CloudFormation stack; the name is CDK usage.")]
public sealed class TrailNormalizerStack : Stack
{
    public TrailNormalizerStack(Construct scope, string id, TrailNormalizerSettings settings, IStackProps? props = null)
        : base(scope, id, props)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        // Must be set before any bucket exists: access-log delivery through a bucket policy, not ACLs.
        Node.SetContext("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", true);

        Keys = new Keys(this, "Keys");
        Evidence = new EvidenceBucket(this, "Evidence", settings, Keys.DataKey);
        Queues = new Queues(this, "Queues", Functions.QueueVisibilityTimeout);

        CloudTrailSource? cloudTrail = null;
        if (settings.CloudTrailBucket is { } name)
        {
            var bucket = Bucket.FromBucketName(this, "CloudTrailBucket", name);
            cloudTrail = new CloudTrailSource(bucket, settings.CloudTrailKeyArn);
            _ = new CloudTrailBucketNotifications(this, "CloudTrailNotifications", bucket, Queues.Queue);
        }

        _ = new CloudTrailEvents(this, "CloudTrailEvents", Queues.Queue, settings.ReadOnlyEvents);

        Findings = new FindingsTopic(this, "Findings");
        var witness = settings.CreateWitnessBucket ? new WitnessBucket(this, "Witness", settings) : null;
        var witnessTarget = (witness?.Bucket.BucketName ?? settings.WitnessBucketName) is { } witnessName
            ? new WitnessTarget(witnessName, settings.WitnessPrefix)
            : null;

        Functions = new Functions(this, "Functions", new FunctionsProps(
            settings, Evidence.Bucket, Keys.DataKey, Keys.SigningKey, Queues.Queue, cloudTrail, witnessTarget, Findings));

        _ = new SealSchedule(this, "SealSchedule", Functions.SealFunction, settings.SealRateMinutes);

        Queries = new EvidenceQueries(this, "Queries", settings, new EvidenceTarget(Evidence.Bucket, settings.EvidencePrefix, Keys.DataKey));

        Output("EvidenceBucketName", Evidence.Bucket.BucketName, "WORM evidence bucket (Object Lock COMPLIANCE)");
        Output("IngestQueueUrl", Queues.Queue.QueueUrl, "Queue the sqs function consumes");
        Output("DeadLetterQueueUrl", Queues.DeadLetterQueue.QueueUrl, "Messages that failed five times");
        Output("SigningKeyArn", Keys.SigningKey.KeyArn, "Checkpoint signing key: aws kms get-public-key --key-id <arn>");
        Output("SqsFunctionName", Functions.SqsFunction.FunctionName, "Ingest function");
        Output("SealFunctionName", Functions.SealFunction.FunctionName, "Sealer function");
        Output("FindingsTopicArn", Findings.Topic.TopicArn, "Escalated detection findings (OCSF 2004), published by the seal function: subscribe here");
        Output("SealFunctionRoleArn", Functions.SealFunction.Role!.RoleArn, "Grant this role s3:PutObject, s3:PutObjectRetention, s3:GetObject on a witness bucket in another account");
        if (witnessTarget is not null)
        {
            Output("WitnessBucketName", witnessTarget.BucketName, "Witness copies of the checkpoints: trailnorm verify --witness");
        }

        Output("QueryDatabase", Queries.Table.DatabaseName, "Glue database of the Athena events table");
        Output("QueryWorkgroup", Queries.Workgroup.Name, "Athena workgroup for the evidence (enforced results location, scan cutoff)");
        Output("QueryResultsBucketName", Queries.Workgroup.ResultsBucket.BucketName, "Athena query results (SSE-S3, expire after 30 days)");
        Output("AnalystRoleArn", Queries.Analyst.Role.RoleArn, "Role for the SIEM or analyst: query the evidence read-only");
    }

    public Keys Keys { get; }

    public EvidenceBucket Evidence { get; }

    public Queues Queues { get; }

    public Functions Functions { get; }

    public EvidenceQueries Queries { get; }

    public FindingsTopic Findings { get; }

    private void Output(string id, string value, string description) =>
        _ = new CfnOutput(this, id, new CfnOutputProps { Value = value, Description = description });
}
