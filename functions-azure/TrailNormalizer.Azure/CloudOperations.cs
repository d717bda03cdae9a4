namespace TrailNormalizer.Azure;

/// <summary>What an operation acts on, as infra/azure names it.</summary>
public enum AzureResource
{
    /// <summary>The WORM evidence container (the Evidence Writer role's scope).</summary>
    EvidenceContainer,

    /// <summary>The diagnostic-log storage account Azure Monitor writes to.</summary>
    LogAccount,

    /// <summary>The Key Vault key that signs checkpoints.</summary>
    SigningKey,

    /// <summary>The Key Vault secret holding the webhook key (WebHook delivery only).</summary>
    WebhookSecret,

    /// <summary>The Functions runtime account (AzureWebJobsStorage, deployment package).</summary>
    RuntimeAccount,

    /// <summary>The witness container that keeps a copy of every checkpoint (optional, ideally in another subscription).</summary>
    WitnessContainer,

    /// <summary>The data collection rule the Logs Ingestion API writes TrailNormalizer_CL rows through (optional).</summary>
    DataCollectionRule,

    /// <summary>The Event Grid custom topic escalated findings are published to (optional).</summary>
    FindingsTopic,
}

/// <summary>
/// One call made to Azure with the Function App's identity: by this handler's code (<paramref name="SdkCall"/> names the
/// Azure SDK method, or the REST request for Key Vault) or by the Functions platform (<paramref name="SdkCall"/> null).
/// </summary>
/// <param name="Service">"Blob", "Key Vault", "Logs Ingestion", "Event Grid" or "Functions host".</param>
/// <param name="Operation">The REST operation as the service's REST reference names it.</param>
/// <param name="Resource">What it acts on.</param>
/// <param name="SdkCall">The SDK method (Blob) or the request this project sends (Key Vault); null when the platform calls.</param>
/// <param name="Why">What it is for.</param>
public sealed record AzureOperation(string Service, string Operation, AzureResource Resource, string? SdkCall, string Why);

/// <summary>
/// Every Azure operation the handler performs, in one place. The infra tests map each one to the Azure RBAC action or
/// data action the providers document and check that the roles infra/azure assigns grant exactly those; a scan of this
/// project's source checks that every SDK call is listed here. Add a row when the code calls something new.
/// </summary>
public static class CloudOperations
{
    /// <summary>The request line marker of Key Vault Get Key in <see cref="KeyVaultCheckpointSigner"/>.</summary>
    public const string KeyVaultGetKey = "GET {key}?api-version";

    /// <summary>The request line marker of Key Vault Sign in <see cref="KeyVaultCheckpointSigner"/>.</summary>
    public const string KeyVaultSign = "POST {key}/sign?api-version";

    /// <summary>The request of <see cref="Forwarding.LogsIngestionClient"/>.</summary>
    public const string LogsIngestionUpload = "POST {endpoint}/dataCollectionRules/{dcr}/streams/{stream}?api-version=2023-01-01";

    /// <summary>The request of <see cref="Findings.EventGridPublisher"/>.</summary>
    public const string EventGridPublish = "POST {topic}/api/events (application/cloudevents-batch+json)";

    public static IReadOnlyList<AzureOperation> All { get; } =
    [
        // Evidence container (BlobEvidenceStore, WormCheck, cursors of LogBlobFollower).
        new("Blob", "Get Container Properties", AzureResource.EvidenceContainer, "GetProperties", "WormCheck: version-level immutability is on, at start-up"),
        new("Blob", "Put Blob", AzureResource.EvidenceContainer, "Upload", "create-only evidence, checkpoint and cursor writes"),
        new("Blob", "Set Immutability Policy (x-ms-immutability-policy-* on Put Blob)", AzureResource.EvidenceContainer, "Upload", "every blob is written with a Locked policy"),
        new("Blob", "Get Blob", AzureResource.EvidenceContainer, "DownloadStreaming", "read manifests, batches, seals, cursors"),
        new("Blob", "Get Blob Properties", AzureResource.EvidenceContainer, "Exists", "Exists, and whose write a retried Put found (GetProperties)"),
        new("Blob", "List Blobs", AzureResource.EvidenceContainer, "GetBlobs", "list batches, seals, checkpoints, cursors"),

        // Diagnostic-log account (LogBlobReader, RecentLogBlobs).
        new("Blob", "List Containers", AzureResource.LogAccount, "GetBlobContainers", "find the insights-* containers"),
        new("Blob", "List Blobs", AzureResource.LogAccount, "GetBlobsByHierarchy", "walk recent date folders"),
        new("Blob", "Get Blob", AzureResource.LogAccount, "DownloadStreaming", "ranged reads from a cursor"),
        new("Blob", "Get Blob Properties", AzureResource.LogAccount, "GetProperties", "length of a blob read to its end"),

        // Signing key (KeyVaultCheckpointSigner, REST on Azure.Core).
        new("Key Vault", "Get Key", AzureResource.SigningKey, KeyVaultGetKey, "the public key and its version"),
        new("Key Vault", "Sign", AzureResource.SigningKey, KeyVaultSign, "sign each checkpoint"),

        // Witness container (WitnessedSealFunction, CheckpointCopier on a BlobEvidenceStore).
        new("Blob", "Get Container Properties", AzureResource.WitnessContainer, "GetProperties", "WormCheck of the witness, at start-up"),
        new("Blob", "Put Blob", AzureResource.WitnessContainer, "Upload", "create-only checkpoint copies"),
        new("Blob", "Set Immutability Policy (x-ms-immutability-policy-* on Put Blob)", AzureResource.WitnessContainer, "Upload", "every copy is written with a Locked policy"),
        new("Blob", "List Blobs", AzureResource.WitnessContainer, "GetBlobs", "which checkpoints the witness holds"),
        new("Blob", "Get Blob", AzureResource.WitnessContainer, "DownloadStreaming", "compare a copy a racing seal wrote with the log's checkpoint"),
        new("Blob", "Get Blob Properties", AzureResource.WitnessContainer, "GetProperties", "whose write a retried Put found"),

        // Log Analytics (ForwardFunction, LogsIngestionClient, REST with a bearer token).
        new("Logs Ingestion", "Upload", AzureResource.DataCollectionRule, LogsIngestionUpload, "TrailNormalizer_CL rows of every sealed event batch"),

        // Findings topic (ForwardFunction, EventGridPublisher, REST with a bearer token).
        new("Event Grid", "Publish Events", AzureResource.FindingsTopic, EventGridPublish, "escalated detection findings as CloudEvents"),

        // The Functions platform, with the same identity.
        new("Key Vault", "Get Secret", AzureResource.WebhookSecret, null, "the app setting's Key Vault reference to the webhook key (WebHook delivery)"),
        new("Functions host", "AzureWebJobsStorage (identity-based)", AzureResource.RuntimeAccount, null, "host locks, timer schedules, the deployment package"),
    ];
}
