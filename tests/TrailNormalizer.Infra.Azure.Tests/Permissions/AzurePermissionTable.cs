using TrailNormalizer.Azure;

namespace TrailNormalizer.Infra.Azure.Tests.Permissions;

/// <summary>An Azure RBAC permission: a control-plane action or a data action.</summary>
public sealed record RbacGrant(bool Data, string Name)
{
    public static RbacGrant Action(string name) => new(false, name);

    public static RbacGrant DataAction(string name) => new(true, name);

    public override string ToString() => (Data ? "dataAction " : "action ") + Name;
}

/// <summary>
/// What Azure documents as the permission of each operation the handler performs (one row per operation; add one when
/// <see cref="CloudOperations"/> gains an operation), the documented permissions of the built-in roles infra/azure
/// assigns, and the few permissions those built-in roles carry beyond what the handler needs, reviewed one by one.
/// Sources: "Authorize with Microsoft Entra ID" (Blob REST: permissions per operation), the Key Vault RBAC guide, the
/// built-in roles reference, and the Functions guide to identity-based AzureWebJobsStorage.
/// </summary>
public static class AzurePermissionTable
{
    private const string Containers = "Microsoft.Storage/storageAccounts/blobServices/containers";
    private const string Blobs = Containers + "/blobs";

    // Declared before ByOperation, which reads it.

    /// <summary>Built-in roles by id, with the permissions the built-in roles reference lists.</summary>
    public static readonly IReadOnlyList<(string Id, string Name, RbacGrant[] Permissions)> BuiltInRoles =
    [
        ("2a2b9908-6ea1-4ae2-8e65-a410df84e7d1", "Storage Blob Data Reader",
        [
            RbacGrant.Action(Containers + "/read"),
            RbacGrant.Action("Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action"),
            RbacGrant.DataAction(Blobs + "/read"),
        ]),
        ("b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Storage Blob Data Owner",
        [
            RbacGrant.Action(Containers + "/*"),
            RbacGrant.Action("Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action"),
            RbacGrant.DataAction(Blobs + "/*"),
        ]),
        ("4633458b-17de-408a-b874-0445c86b69e6", "Key Vault Secrets User",
        [
            RbacGrant.DataAction("Microsoft.KeyVault/vaults/secrets/getSecret/action"),
            RbacGrant.DataAction("Microsoft.KeyVault/vaults/secrets/readMetadata/action"),
        ]),
        ("3913510d-42f4-4e42-8a64-420c390055eb", "Monitoring Metrics Publisher",
        [
            RbacGrant.Action("Microsoft.Insights/Register/Action"),
            RbacGrant.Action("Microsoft.Support/*"),
            RbacGrant.Action("Microsoft.Resources/subscriptions/resourceGroups/read"),
            RbacGrant.DataAction("Microsoft.Insights/Metrics/Write"),
            RbacGrant.DataAction("Microsoft.Insights/Telemetry/Write"),
        ]),
        ("d5a91429-5739-47e2-a06b-3470a27159e7", "EventGrid Data Sender",
        [
            RbacGrant.Action("Microsoft.Authorization/*/read"),
            RbacGrant.Action("Microsoft.EventGrid/topics/read"),
            RbacGrant.Action("Microsoft.EventGrid/domains/read"),
            RbacGrant.Action("Microsoft.EventGrid/partnerNamespaces/read"),
            RbacGrant.Action("Microsoft.Resources/subscriptions/resourceGroups/read"),
            RbacGrant.Action("Microsoft.EventGrid/namespaces/read"),
            RbacGrant.DataAction("Microsoft.EventGrid/events/send/action"),
        ]),
        ("12338af0-0e69-4776-bea7-57ae8d297424", "Key Vault Crypto User",
        [
            .. new[] { "read", "update/action", "backup/action", "encrypt/action", "decrypt/action", "wrap/action", "unwrap/action", "sign/action", "verify/action" }
                .Select(a => RbacGrant.DataAction("Microsoft.KeyVault/vaults/keys/" + a)),
        ]),
    ];

    public static readonly IReadOnlyDictionary<string, RbacGrant[]> ByOperation = new Dictionary<string, RbacGrant[]>(StringComparer.Ordinal)
    {
        ["Blob: Get Container Properties"] = [RbacGrant.Action(Containers + "/read")],
        ["Blob: List Containers"] = [RbacGrant.Action(Containers + "/read")],
        ["Blob: Put Blob"] = [RbacGrant.DataAction(Blobs + "/write")],
        ["Blob: Set Immutability Policy (x-ms-immutability-policy-* on Put Blob)"] = [RbacGrant.DataAction(Blobs + "/immutableStorage/runAsSuperUser/action")],
        ["Blob: Get Blob"] = [RbacGrant.DataAction(Blobs + "/read")],
        ["Blob: Get Blob Properties"] = [RbacGrant.DataAction(Blobs + "/read")],
        ["Blob: List Blobs"] = [RbacGrant.DataAction(Blobs + "/read")],
        ["Key Vault: Get Key"] = [RbacGrant.DataAction("Microsoft.KeyVault/vaults/keys/read")],
        ["Key Vault: Sign"] = [RbacGrant.DataAction("Microsoft.KeyVault/vaults/keys/sign/action")],
        ["Key Vault: Get Secret"] = [RbacGrant.DataAction("Microsoft.KeyVault/vaults/secrets/getSecret/action")],
        // Logs Ingestion API: the caller needs this data action on the data collection rule.
        ["Logs Ingestion: Upload"] = [RbacGrant.DataAction("Microsoft.Insights/Telemetry/Write")],
        ["Event Grid: Publish Events"] = [RbacGrant.DataAction("Microsoft.EventGrid/events/send/action")],
        // The Functions guide names the role for identity-based AzureWebJobsStorage, so the requirement is that role.
        ["Functions host: AzureWebJobsStorage (identity-based)"] = BuiltInRole("b7e6dc6d-f1e8-4753-8033-0f276bb0955b").Permissions,
    };

    /// <summary>Permissions granted beyond the handler's needs, each accepted for a stated reason. Nothing else may be extra.</summary>
    public static readonly IReadOnlyDictionary<(AzureResource, RbacGrant), string> ReviewedExtras = new Dictionary<(AzureResource, RbacGrant), string>
    {
        [(AzureResource.LogAccount, RbacGrant.Action("Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action"))] =
            "part of Storage Blob Data Reader; a user delegation key signs SAS only for what the role can read anyway",
        [(AzureResource.WebhookSecret, RbacGrant.DataAction("Microsoft.KeyVault/vaults/secrets/readMetadata/action"))] =
            "part of Key Vault Secrets User; the secret's attributes, on that one secret",
        [(AzureResource.DataCollectionRule, RbacGrant.DataAction("Microsoft.Insights/Metrics/Write"))] =
            "part of Monitoring Metrics Publisher, the role the Logs Ingestion API documents; custom metrics on the rule only",
        [(AzureResource.DataCollectionRule, RbacGrant.Action("Microsoft.Insights/Register/Action"))] =
            "part of Monitoring Metrics Publisher; registers the Microsoft.Insights provider, which the deployment did already",
        [(AzureResource.DataCollectionRule, RbacGrant.Action("Microsoft.Support/*"))] =
            "part of Monitoring Metrics Publisher; support tickets about the rule, no access to data",
        [(AzureResource.DataCollectionRule, RbacGrant.Action("Microsoft.Resources/subscriptions/resourceGroups/read"))] =
            "part of Monitoring Metrics Publisher; reads resource group names",
        [(AzureResource.FindingsTopic, RbacGrant.Action("Microsoft.Authorization/*/read"))] =
            "part of EventGrid Data Sender; reads role definitions and assignments",
        [(AzureResource.FindingsTopic, RbacGrant.Action("Microsoft.EventGrid/topics/read"))] =
            "part of EventGrid Data Sender; the topic's own properties",
        [(AzureResource.FindingsTopic, RbacGrant.Action("Microsoft.EventGrid/domains/read"))] =
            "part of EventGrid Data Sender; nothing to read at a topic's scope",
        [(AzureResource.FindingsTopic, RbacGrant.Action("Microsoft.EventGrid/partnerNamespaces/read"))] =
            "part of EventGrid Data Sender; nothing to read at a topic's scope",
        [(AzureResource.FindingsTopic, RbacGrant.Action("Microsoft.EventGrid/namespaces/read"))] =
            "part of EventGrid Data Sender; nothing to read at a topic's scope",
        [(AzureResource.FindingsTopic, RbacGrant.Action("Microsoft.Resources/subscriptions/resourceGroups/read"))] =
            "part of EventGrid Data Sender; reads resource group names",
    };

    public static (string Id, string Name, RbacGrant[] Permissions) BuiltInRole(string id) =>
        BuiltInRoles.SingleOrDefault(r => r.Id == id) is { Name: not null } role
            ? role
            : throw new InvalidOperationException($"built-in role {id} is not in the table: add it with the permissions the built-in roles reference lists");

    /// <summary>The permissions <paramref name="operation"/> needs; throws when the table has no row for it.</summary>
    public static RbacGrant[] For(AzureOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return ByOperation.TryGetValue($"{operation.Service}: {operation.Operation}", out var permissions)
            ? permissions
            : throw new InvalidOperationException($"no permission row for '{operation.Service}: {operation.Operation}': add what Azure documents for it");
    }

    /// <summary>What the handler needs on each resource, from its declared operations.</summary>
    public static Dictionary<AzureResource, HashSet<RbacGrant>> Required()
    {
        var required = new Dictionary<AzureResource, HashSet<RbacGrant>>();
        foreach (var operation in CloudOperations.All)
        {
            if (!required.TryGetValue(operation.Resource, out var set))
            {
                required[operation.Resource] = set = [];
            }

            set.UnionWith(For(operation));
        }

        return required;
    }
}
