using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.SQS;

namespace TrailNormalizer.Infra.Aws;

/// <summary>
/// Everything each function may do, as explicit statements: named actions on named resources, never a CDK grant
/// helper that expands to wildcards. Nothing here can delete evidence, bypass or change Object Lock, rewrite bucket
/// policy or lifecycle, or disable/delete a key.
/// </summary>
public static class Permissions
{
    public static readonly string[] EvidenceObjectActions = ["s3:PutObject", "s3:PutObjectRetention", "s3:GetObject"];

    public static readonly string[] EvidenceBucketActions = ["s3:GetBucketObjectLockConfiguration", "s3:GetBucketVersioning"];

    public static readonly string[] QueueConsumeActions =
        ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"];

    public static readonly string[] DataKeyActions = ["kms:GenerateDataKey", "kms:Decrypt"];

    public static readonly string[] SigningKeyActions = ["kms:Sign", "kms:GetPublicKey"];

    public static readonly string[] LogActions = ["logs:CreateLogStream", "logs:PutLogEvents"];

    /// <summary>What the SQS function needs: write and read evidence, consume the queue, read CloudTrail log files.</summary>
    public static PolicyStatement[] ForSqsFunction(EvidenceTarget evidence, IQueue queue, CloudTrailSource? cloudTrail, ILogGroup logs)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(queue);
        var statements = new List<PolicyStatement>(Evidence(evidence))
        {
            Statement("ConsumeIngestQueue", QueueConsumeActions, queue.QueueArn),
            WriteLogs(logs),
        };
        if (cloudTrail is not null)
        {
            statements.Add(Statement("ReadCloudTrailLogFiles", ["s3:GetObject"], cloudTrail.Bucket.ArnForObjects("AWSLogs/*")));
            if (cloudTrail.KeyArn is { } keyArn)
            {
                statements.Add(ViaS3(Statement("DecryptCloudTrailLogFiles", ["kms:Decrypt"], keyArn)));
            }
        }

        return [.. statements];
    }

    /// <summary>Copy a checkpoint create-only (HEAD/GET find where the copies stop and compare the last one).</summary>
    public static readonly string[] WitnessObjectActions = ["s3:PutObject", "s3:PutObjectRetention", "s3:GetObject"];

    public static readonly string[] FindingsKeyActions = ["kms:GenerateDataKey", "kms:Decrypt"];

    /// <summary>
    /// What the sealer needs: read batches, write checkpoints and cursors, sign with the checkpoint key, publish findings
    /// to the topic, and copy checkpoints into the witness bucket's <c>log/checkpoints/</c> when there is one.
    /// </summary>
    public static PolicyStatement[] ForSealFunction(EvidenceTarget evidence, IKey signingKey, ILogGroup logs, WitnessTarget? witness, FindingsTopic findings)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(signingKey);
        ArgumentNullException.ThrowIfNull(findings);
        var statements = new List<PolicyStatement>(Evidence(evidence))
        {
            Statement("SignCheckpoints", SigningKeyActions, signingKey.KeyArn),
            WriteLogs(logs),
            Statement("PublishFindings", ["sns:Publish"], findings.Topic.TopicArn),
            Via(Statement("EncryptFindingsThroughSns", FindingsKeyActions, findings.Key.KeyArn), "sns"),
        };
        if (witness is not null)
        {
            statements.Add(Statement("CopyCheckpointsToWitness", WitnessObjectActions,
                $"arn:{Amazon.CDK.Aws.PARTITION}:s3:::{witness.BucketName}/{witness.Prefix}log/checkpoints/*"));
        }

        return [.. statements];
    }

    private static PolicyStatement[] Evidence(EvidenceTarget evidence)
    {
        var list = Statement("ListEvidence", ["s3:ListBucket"], evidence.Bucket.BucketArn);
        if (evidence.Prefix.Length > 0)
        {
            list.AddCondition("StringLike", new Dictionary<string, object> { ["s3:prefix"] = new[] { evidence.Prefix + "*" } });
        }

        return
        [
            Statement("ReadWriteEvidenceObjects", EvidenceObjectActions, evidence.Bucket.ArnForObjects(evidence.Prefix + "*")),
            Statement("CheckEvidenceBucketIsWorm", EvidenceBucketActions, evidence.Bucket.BucketArn),
            list,
            ViaS3(Statement("EncryptEvidence", DataKeyActions, evidence.DataKey.KeyArn)),
        ];
    }

    private static PolicyStatement WriteLogs(ILogGroup logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        return Statement("WriteOwnLogs", LogActions, logs.LogGroupArn);
    }

    /// <summary>Only S3 may use the key on the function's behalf (SSE-KMS), not the function directly.</summary>
    private static PolicyStatement ViaS3(PolicyStatement statement) => Via(statement, "s3");

    /// <summary>Only <paramref name="service"/> may use the key on the function's behalf, not the function directly.</summary>
    private static PolicyStatement Via(PolicyStatement statement, string service)
    {
        statement.AddCondition("StringEquals", new Dictionary<string, object> { ["kms:ViaService"] = $"{service}.{Amazon.CDK.Aws.REGION}.amazonaws.com" });
        return statement;
    }

    private static PolicyStatement Statement(string sid, string[] actions, string resource) => new(new PolicyStatementProps
    {
        Sid = sid,
        Effect = Effect.ALLOW,
        Actions = actions,
        Resources = [resource],
    });
}
