namespace TrailNormalizer.Core.Mapping.Azure.EventGrid;

/// <summary>
/// The parts of an Azure Resource Manager id (<c>/subscriptions/{s}/resourceGroups/{g}/providers/{ns}/{type}/{name}…</c>)
/// that Event Grid topics, sources and subjects carry.
/// </summary>
/// <param name="Id">The id as written.</param>
/// <param name="SubscriptionId">The subscription, lower-cased, when it is a GUID (placeholders such as "{subscription-id}" are not).</param>
/// <param name="ResourceGroup">The resource group name.</param>
/// <param name="Provider">The resource provider namespace, e.g. <c>Microsoft.Storage</c>.</param>
/// <param name="ResourceType">The provider-qualified resource type, e.g. <c>Microsoft.Storage/storageAccounts</c>.</param>
/// <param name="Name">The last name segment of the id.</param>
internal sealed record ArmScope(string Id, string? SubscriptionId, string? ResourceGroup, string? Provider, string? ResourceType, string? Name)
{
    /// <summary>Parses an ARM-style id; null when <paramref name="id"/> does not start with '/'.</summary>
    public static ArmScope? Parse(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id[0] != '/')
        {
            return null;
        }

        string[] parts = id.Split('/', StringSplitOptions.RemoveEmptyEntries);
        string? subscription = null, group = null, provider = null, type = null;
        int providerAt = -1;
        for (int i = 0; i + 1 < parts.Length; i++)
        {
            if (subscription is null && parts[i].Equals("subscriptions", StringComparison.OrdinalIgnoreCase))
            {
                subscription = SubscriptionGuid(parts[i + 1]);
            }
            else if (group is null && parts[i].Equals("resourceGroups", StringComparison.OrdinalIgnoreCase))
            {
                group = parts[i + 1];
            }
            else if (parts[i].Equals("providers", StringComparison.OrdinalIgnoreCase))
            {
                providerAt = i + 1; // the last provider segment wins (extension resources nest providers)
            }
        }

        if (providerAt > 0)
        {
            provider = parts[providerAt];
            // Types alternate with names after the namespace: ns/type/name[/subtype/name...].
            var types = new List<string> { provider };
            for (int i = providerAt + 1; i < parts.Length; i += 2)
            {
                types.Add(parts[i]);
            }

            type = types.Count > 1 ? string.Join('/', types) : null;
        }

        string? name = parts.Length > 0 ? parts[^1] : null;
        return new ArmScope(id, subscription, group, provider, type, name);
    }

    /// <summary>A subscription id when <paramref name="text"/> is a GUID, lower-cased; else null.</summary>
    public static string? SubscriptionGuid(string? text) =>
        text is not null && Guid.TryParse(text.Trim(), out var guid) ? guid.ToString() : null;
}
