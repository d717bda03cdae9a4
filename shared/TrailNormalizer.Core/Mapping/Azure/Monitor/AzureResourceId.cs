namespace TrailNormalizer.Core.Mapping.Azure.Monitor;

/// <summary>
/// The parts of an ARM resource id, <c>/subscriptions/{sub}/resourceGroups/{rg}/providers/{ns}/{type}/{name}…</c>,
/// read case-insensitively (some logs write it upper-case). The subscription id is lower-cased so that
/// one subscription always lands in one evidence partition.
/// </summary>
internal sealed record AzureResourceId(string Id, string? SubscriptionId, string? ResourceGroup, string? Provider, string? Type, string? Name)
{
    /// <summary>Parses <paramref name="id"/>; null when it is empty.</summary>
    public static AzureResourceId? Parse(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            return null;
        }

        string[] parts = id.Split('/', StringSplitOptions.RemoveEmptyEntries);
        string? subscription = null, group = null, provider = null, type = null, name = null;
        for (int i = 0; i + 1 < parts.Length; i++)
        {
            if (parts[i].Equals("subscriptions", StringComparison.OrdinalIgnoreCase) && subscription is null)
            {
                subscription = parts[i + 1].ToLowerInvariant();
            }
            else if (parts[i].Equals("resourceGroups", StringComparison.OrdinalIgnoreCase) && group is null)
            {
                group = parts[i + 1];
            }
            else if (parts[i].Equals("providers", StringComparison.OrdinalIgnoreCase))
            {
                // The last provider segment names the innermost resource (extension resources nest providers).
                provider = parts[i + 1];
                var rest = parts.Skip(i + 2).ToArray();
                type = rest.Length > 0 ? provider + "/" + string.Join('/', rest.Where((_, k) => k % 2 == 0)) : null;
                name = rest.Length > 1 ? rest[^1] : null;
            }
        }

        return new AzureResourceId(id, subscription, group, provider, type, name);
    }
}
