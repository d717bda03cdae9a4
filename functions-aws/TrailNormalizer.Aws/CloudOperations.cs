namespace TrailNormalizer.Aws;

/// <summary>Which Lambda function's role an operation runs under.</summary>
[Flags]
public enum LambdaRoles
{
    Sqs = 1,
    Seal = 2,
    Both = Sqs | Seal,
}

/// <summary>What an operation acts on, as the CDK app names it.</summary>
public enum AwsResource
{
    /// <summary>Objects under the evidence prefix of the evidence bucket.</summary>
    EvidenceObjects,

    /// <summary>The evidence bucket itself (bucket-level calls).</summary>
    EvidenceBucket,

    /// <summary>The KMS key S3 encrypts evidence with (SSE-KMS).</summary>
    DataKey,

    /// <summary>The asymmetric KMS key that signs checkpoints.</summary>
    SigningKey,

    /// <summary>The CloudTrail log files (<c>AWSLogs/*</c>) of the trail bucket, when one is configured.</summary>
    TrailObjects,

    /// <summary>The KMS key of those log files, when one is configured.</summary>
    TrailKey,

    /// <summary>The SQS ingest queue.</summary>
    IngestQueue,

    /// <summary>The function's own CloudWatch Logs group.</summary>
    OwnLogGroup,

    /// <summary>X-Ray, which takes no resource ARN.</summary>
    AnyTrace,

    /// <summary>The SNS topic escalated findings are published to.</summary>
    FindingsTopic,

    /// <summary>The KMS key that encrypts that topic.</summary>
    FindingsKey,

    /// <summary>Checkpoint copies (<c>log/checkpoints/*</c>) in the witness bucket, when one is configured.</summary>
    WitnessObjects,
}

/// <summary>
/// One call made to AWS under a function's role: by this adapter's code (<paramref name="SdkCall"/> names the SDK
/// method) or by the Lambda platform on the function's behalf (<paramref name="SdkCall"/> null).
/// </summary>
/// <param name="Service">The AWS service, e.g. "S3".</param>
/// <param name="Operation">The API operation as the service's API reference names it.</param>
/// <param name="Resource">What it acts on.</param>
/// <param name="Roles">The functions whose role makes the call.</param>
/// <param name="SdkCall">The SDK client method in this project that makes it; null when the platform does.</param>
/// <param name="Why">What it is for.</param>
public sealed record AwsOperation(string Service, string Operation, AwsResource Resource, LambdaRoles Roles, string? SdkCall, string Why);

/// <summary>
/// Every AWS operation the two functions perform, in one place. The infra tests map each one to the IAM actions AWS
/// documents for it and check that each role grants exactly those; a scan of this project's source checks that every
/// SDK call is listed here. Add a row when the code calls something new.
/// </summary>
public static class CloudOperations
{
    public static IReadOnlyList<AwsOperation> All { get; } =
    [
        // Start-up check (ObjectLockCheck), both functions.
        new("S3", "GetObjectLockConfiguration", AwsResource.EvidenceBucket, LambdaRoles.Both, "GetObjectLockConfigurationAsync", "refuse a bucket without Object Lock"),
        new("S3", "GetBucketVersioning", AwsResource.EvidenceBucket, LambdaRoles.Both, "GetBucketVersioningAsync", "refuse a bucket without versioning"),

        // The evidence store (S3EvidenceStore) both functions hand to the Core.
        new("S3", "PutObject (x-amz-object-lock-mode, -retain-until-date)", AwsResource.EvidenceObjects, LambdaRoles.Both, "PutObjectAsync", "create-only evidence writes locked in COMPLIANCE mode"),
        new("S3", "GetObject", AwsResource.EvidenceObjects, LambdaRoles.Both, "GetObjectAsync", "read manifests and batches (sealer), hash a stored object after a lost answer"),
        new("S3", "HeadObject", AwsResource.EvidenceObjects, LambdaRoles.Both, "GetObjectMetadataAsync", "Exists"),
        new("S3", "ListObjectsV2", AwsResource.EvidenceBucket, LambdaRoles.Both, "ListObjectsV2Async", "list batches, seals, checkpoints"),
        new("KMS", "GenerateDataKey (by S3, SSE-KMS PutObject)", AwsResource.DataKey, LambdaRoles.Both, null, "S3 encrypts each evidence object with the data key"),
        new("KMS", "Decrypt (by S3, SSE-KMS GetObject)", AwsResource.DataKey, LambdaRoles.Both, null, "S3 decrypts evidence objects read back"),

        // The sqs function only.
        new("S3", "GetObject", AwsResource.TrailObjects, LambdaRoles.Sqs, "GetObjectAsync", "CloudTrail log files named by bucket notifications (S3ObjectSource)"),
        new("KMS", "Decrypt (by S3, SSE-KMS GetObject)", AwsResource.TrailKey, LambdaRoles.Sqs, null, "log files the trail encrypts with its own key"),
        new("SQS", "ReceiveMessage", AwsResource.IngestQueue, LambdaRoles.Sqs, null, "the event source mapping polls the queue"),
        new("SQS", "DeleteMessage", AwsResource.IngestQueue, LambdaRoles.Sqs, null, "the event source mapping deletes what the function stored"),
        new("SQS", "GetQueueAttributes", AwsResource.IngestQueue, LambdaRoles.Sqs, null, "the event source mapping reads the queue's settings"),

        // The seal function only (KmsCheckpointSigner).
        new("KMS", "GetPublicKey", AwsResource.SigningKey, LambdaRoles.Seal, "GetPublicKeyAsync", "check the key is P-256 and publish its public half"),
        new("KMS", "Sign", AwsResource.SigningKey, LambdaRoles.Seal, "SignAsync", "sign each checkpoint"),

        // The seal function's follow-ups: findings to SNS (SnsPublishClient, the Query API without an SDK) and witness copies.
        new("SNS", "Publish", AwsResource.FindingsTopic, LambdaRoles.Seal, null, "escalated detection findings, by SnsPublishClient (signed Query API; no SNS SDK)"),
        new("KMS", "GenerateDataKey (by SNS, encrypted topic)", AwsResource.FindingsKey, LambdaRoles.Seal, null, "SNS encrypts each published message"),
        new("KMS", "Decrypt (by SNS, encrypted topic)", AwsResource.FindingsKey, LambdaRoles.Seal, null, "SNS reads the data key of an encrypted topic on publish"),
        new("S3", "PutObject (x-amz-object-lock-mode, -retain-until-date)", AwsResource.WitnessObjects, LambdaRoles.Seal, "PutObjectAsync", "create-only checkpoint copies (WitnessCopier)"),
        new("S3", "HeadObject", AwsResource.WitnessObjects, LambdaRoles.Seal, "GetObjectMetadataAsync", "find where the witness's copies stop"),
        new("S3", "GetObject", AwsResource.WitnessObjects, LambdaRoles.Seal, "GetObjectAsync", "compare the newest copy with the evidence (a fork is refused)"),

        // The Lambda platform, for both.
        new("CloudWatch Logs", "CreateLogStream", AwsResource.OwnLogGroup, LambdaRoles.Both, null, "the runtime opens a stream per instance"),
        new("CloudWatch Logs", "PutLogEvents", AwsResource.OwnLogGroup, LambdaRoles.Both, null, "the runtime ships stdout"),
        new("X-Ray", "PutTraceSegments", AwsResource.AnyTrace, LambdaRoles.Both, null, "active tracing"),
        new("X-Ray", "PutTelemetryRecords", AwsResource.AnyTrace, LambdaRoles.Both, null, "active tracing"),
    ];
}
