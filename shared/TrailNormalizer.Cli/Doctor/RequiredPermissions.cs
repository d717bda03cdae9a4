namespace TrailNormalizer.Cli.Doctor;

/// <summary>
/// What the deployed code needs, as the provider documents it, restated here because the CLI does not reference the
/// adapters. The infra tests check these lists against the adapters' own declarations (each adapter's
/// <c>CloudOperations</c>) mapped through the tests' permission tables, so they cannot drift.
/// </summary>
public static class RequiredPermissions
{
    private const string Containers = "Microsoft.Storage/storageAccounts/blobServices/containers";

    /// <summary>IAM actions of the <c>sqs</c> function's role.</summary>
    public static readonly string[] AwsSqsFunction =
    [
        "s3:GetBucketObjectLockConfiguration", "s3:GetBucketVersioning", "s3:PutObject", "s3:PutObjectRetention", "s3:GetObject",
        "s3:ListBucket", "kms:GenerateDataKey", "kms:Decrypt", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes",
        "logs:CreateLogStream", "logs:PutLogEvents", "xray:PutTraceSegments", "xray:PutTelemetryRecords",
    ];

    /// <summary>IAM actions of the <c>seal</c> function's role.</summary>
    public static readonly string[] AwsSealFunction =
    [
        "s3:GetBucketObjectLockConfiguration", "s3:GetBucketVersioning", "s3:PutObject", "s3:PutObjectRetention", "s3:GetObject",
        "s3:ListBucket", "kms:GenerateDataKey", "kms:Decrypt", "kms:GetPublicKey", "kms:Sign", "sns:Publish",
        "logs:CreateLogStream", "logs:PutLogEvents", "xray:PutTraceSegments", "xray:PutTelemetryRecords",
    ];

    /// <summary>Control-plane actions the role assigned on the evidence container must hold.</summary>
    public static readonly string[] AzureEvidenceContainerActions = [Containers + "/read"];

    /// <summary>Data actions the role assigned on the evidence container must hold.</summary>
    public static readonly string[] AzureEvidenceContainerDataActions =
    [
        Containers + "/blobs/read", Containers + "/blobs/write", Containers + "/blobs/immutableStorage/runAsSuperUser/action",
    ];

    /// <summary>Control-plane actions the role assigned on the diagnostic-log account must hold.</summary>
    public static readonly string[] AzureLogAccountActions = [Containers + "/read"];

    /// <summary>Data actions the role assigned on the diagnostic-log account must hold.</summary>
    public static readonly string[] AzureLogAccountDataActions = [Containers + "/blobs/read"];

    /// <summary>Control-plane actions the role assigned on the witness container must hold.</summary>
    public static readonly string[] AzureWitnessContainerActions = [Containers + "/read"];

    /// <summary>Data actions the role assigned on the witness container must hold.</summary>
    public static readonly string[] AzureWitnessContainerDataActions =
    [
        Containers + "/blobs/read", Containers + "/blobs/write", Containers + "/blobs/immutableStorage/runAsSuperUser/action",
    ];

    /// <summary>Data actions the role assigned on the webhook key's secret must hold (the host resolves the Key Vault reference).</summary>
    public static readonly string[] AzureWebhookSecretDataActions = ["Microsoft.KeyVault/vaults/secrets/getSecret/action"];

    /// <summary>Data actions the role assigned on the data collection rule must hold (Logs Ingestion API).</summary>
    public static readonly string[] AzureDataCollectionRuleDataActions = ["Microsoft.Insights/Telemetry/Write"];

    /// <summary>Data actions the role assigned on the findings topic must hold.</summary>
    public static readonly string[] AzureFindingsTopicDataActions = ["Microsoft.EventGrid/events/send/action"];

    /// <summary>Data actions the role assigned on the signing key must hold.</summary>
    public static readonly string[] AzureSigningKeyDataActions = ["Microsoft.KeyVault/vaults/keys/read", "Microsoft.KeyVault/vaults/keys/sign/action"];
}
