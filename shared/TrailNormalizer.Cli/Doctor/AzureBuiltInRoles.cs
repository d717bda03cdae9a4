namespace TrailNormalizer.Cli.Doctor;

/// <summary>A built-in Azure role and the permissions the built-in roles reference lists for it.</summary>
public sealed record AzureBuiltInRole(string Id, string Name, string[] Actions, string[] DataActions);

/// <summary>
/// The built-in roles infra/azure assigns, restated from the built-in roles reference so the doctor can tell whether an
/// assignment grants what the handler needs. The infra tests check this list against their own permission table.
/// </summary>
public static class AzureBuiltInRoles
{
    private const string Containers = "Microsoft.Storage/storageAccounts/blobServices/containers";

    public static readonly IReadOnlyList<AzureBuiltInRole> All =
    [
        new("2a2b9908-6ea1-4ae2-8e65-a410df84e7d1", "Storage Blob Data Reader",
            [Containers + "/read", "Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action"],
            [Containers + "/blobs/read"]),
        new("b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Storage Blob Data Owner",
            [Containers + "/*", "Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action"],
            [Containers + "/blobs/*"]),
        new("4633458b-17de-408a-b874-0445c86b69e6", "Key Vault Secrets User",
            [],
            ["Microsoft.KeyVault/vaults/secrets/getSecret/action", "Microsoft.KeyVault/vaults/secrets/readMetadata/action"]),
        new("3913510d-42f4-4e42-8a64-420c390055eb", "Monitoring Metrics Publisher",
            ["Microsoft.Insights/Register/Action", "Microsoft.Support/*", "Microsoft.Resources/subscriptions/resourceGroups/read"],
            ["Microsoft.Insights/Metrics/Write", "Microsoft.Insights/Telemetry/Write"]),
        new("d5a91429-5739-47e2-a06b-3470a27159e7", "EventGrid Data Sender",
            [
                "Microsoft.Authorization/*/read", "Microsoft.EventGrid/topics/read", "Microsoft.EventGrid/domains/read",
                "Microsoft.EventGrid/partnerNamespaces/read", "Microsoft.Resources/subscriptions/resourceGroups/read",
                "Microsoft.EventGrid/namespaces/read",
            ],
            ["Microsoft.EventGrid/events/send/action"]),
        new("12338af0-0e69-4776-bea7-57ae8d297424", "Key Vault Crypto User",
            [],
            [.. new[] { "read", "update/action", "backup/action", "encrypt/action", "decrypt/action", "wrap/action", "unwrap/action", "sign/action", "verify/action" }
                .Select(a => "Microsoft.KeyVault/vaults/keys/" + a)]),
    ];

    /// <summary>The known built-in role whose id the role definition id (a GUID or a full resource id) ends with.</summary>
    public static AzureBuiltInRole? Find(string roleDefinitionId) =>
        All.FirstOrDefault(r => roleDefinitionId.EndsWith(r.Id, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether a granted permission covers <paramref name="needed"/>: RBAC compares case-insensitively and <c>*</c> matches any text.</summary>
    public static bool Covers(string granted, string needed)
    {
        int star = granted.IndexOf('*', StringComparison.Ordinal);
        if (star < 0)
        {
            return string.Equals(granted, needed, StringComparison.OrdinalIgnoreCase);
        }

        string head = granted[..star];
        string tail = granted[(star + 1)..];
        if (!needed.StartsWith(head, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        for (int i = head.Length; i <= needed.Length; i++)
        {
            if (Covers(tail, needed[i..]))
            {
                return true;
            }
        }

        return false;
    }
}
