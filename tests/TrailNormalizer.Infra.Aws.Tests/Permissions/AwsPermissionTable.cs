using TrailNormalizer.Aws;

namespace TrailNormalizer.Infra.Aws.Tests.Permissions;

/// <summary>An IAM action on one of the resources the functions use.</summary>
public sealed record IamGrant(string Action, AwsResource Resource)
{
    public override string ToString() => $"{Action} on {Resource}";
}

/// <summary>
/// The IAM actions AWS documents for each operation the functions perform, one row per operation (add one when
/// <see cref="CloudOperations"/> gains an operation). Sources: the Service Authorization Reference (actions per API),
/// the S3 guide (Object Lock headers need s3:PutObjectRetention; SSE-KMS needs kms:GenerateDataKey on write and
/// kms:Decrypt on read), the Lambda guide (SQS event source and execution role permissions, active tracing).
/// </summary>
public static class AwsPermissionTable
{
    public static readonly IReadOnlyDictionary<string, string[]> ByOperation = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["S3: GetObjectLockConfiguration"] = ["s3:GetBucketObjectLockConfiguration"],
        ["S3: GetBucketVersioning"] = ["s3:GetBucketVersioning"],
        ["S3: PutObject (x-amz-object-lock-mode, -retain-until-date)"] = ["s3:PutObject", "s3:PutObjectRetention"],
        ["S3: GetObject"] = ["s3:GetObject"],
        ["S3: HeadObject"] = ["s3:GetObject"],
        ["S3: ListObjectsV2"] = ["s3:ListBucket"],
        ["KMS: GenerateDataKey (by S3, SSE-KMS PutObject)"] = ["kms:GenerateDataKey"],
        ["KMS: Decrypt (by S3, SSE-KMS GetObject)"] = ["kms:Decrypt"],
        ["KMS: GetPublicKey"] = ["kms:GetPublicKey"],
        ["KMS: Sign"] = ["kms:Sign"],
        ["SQS: ReceiveMessage"] = ["sqs:ReceiveMessage"],
        ["SQS: DeleteMessage"] = ["sqs:DeleteMessage"],
        ["SQS: GetQueueAttributes"] = ["sqs:GetQueueAttributes"],
        ["CloudWatch Logs: CreateLogStream"] = ["logs:CreateLogStream"],
        ["CloudWatch Logs: PutLogEvents"] = ["logs:PutLogEvents"],
        ["X-Ray: PutTraceSegments"] = ["xray:PutTraceSegments"],
        ["X-Ray: PutTelemetryRecords"] = ["xray:PutTelemetryRecords"],
        ["SNS: Publish"] = ["sns:Publish"],
        ["KMS: GenerateDataKey (by SNS, encrypted topic)"] = ["kms:GenerateDataKey"],
        ["KMS: Decrypt (by SNS, encrypted topic)"] = ["kms:Decrypt"],
    };

    /// <summary>The IAM actions <paramref name="operation"/> needs; throws when the table has no row for it.</summary>
    public static string[] For(AwsOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return ByOperation.TryGetValue($"{operation.Service}: {operation.Operation}", out var actions)
            ? actions
            : throw new InvalidOperationException($"no IAM row for '{operation.Service}: {operation.Operation}': add what AWS documents for it");
    }

    /// <summary>
    /// What the role of <paramref name="role"/> needs, from the declared operations; the trail bucket's objects and key
    /// only when the stack reads a trail bucket (<paramref name="trailBucket"/>) encrypted with its own key (<paramref name="trailKey"/>);
    /// the witness bucket's checkpoint copies only when the stack has one (<paramref name="witness"/>).
    /// </summary>
    public static HashSet<IamGrant> Required(LambdaRoles role, bool trailBucket, bool trailKey, bool witness = false) =>
        CloudOperations.All
            .Where(o => o.Roles.HasFlag(role))
            .Where(o => o.Resource != AwsResource.TrailObjects || trailBucket)
            .Where(o => o.Resource != AwsResource.TrailKey || trailKey)
            .Where(o => o.Resource != AwsResource.WitnessObjects || witness)
            .SelectMany(o => For(o).Select(action => new IamGrant(action, o.Resource)))
            .ToHashSet();
}
