namespace TrailNormalizer.Core.Mapping.Azure.EventGrid;

/// <summary>
/// Who produced an event delivered as an Event Grid event or a CloudEvent, for <c>metadata.product</c>: the Azure
/// service its type names (<c>Microsoft.ContainerRegistry.ImagePushed</c> → Container Registry, vendor Microsoft), else
/// the producer's own namespace (<c>Contoso.Items.ItemReceived</c> → Contoso.Items, vendor Contoso;
/// <c>com.github.pull_request.opened</c> → com.github.pull_request, vendor github). Only events that came through
/// Event Grid (an Event Grid envelope, or a CloudEvent whose source is an Azure resource) name Event Grid as log provider.
/// </summary>
internal static class EventGridProducer
{
    private static readonly Dictionary<string, string> AzureProducts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Storage"] = "Azure Storage",
        ["KeyVault"] = "Key Vault",
        ["Resources"] = "Azure Resource Manager",
        ["PolicyInsights"] = "Azure Policy",
        ["Communication"] = "Communication Services",
        ["EventGrid"] = "Event Grid",
        ["ContainerRegistry"] = "Container Registry",
        ["AppConfiguration"] = "App Configuration",
        ["Devices"] = "IoT Hub",
        ["ServiceBus"] = "Service Bus",
        ["Web"] = "App Service",
        ["Maps"] = "Azure Maps",
        ["MachineLearningServices"] = "Azure Machine Learning",
    };

    private static readonly HashSet<string> DomainPrefixes = new(StringComparer.OrdinalIgnoreCase) { "com", "org", "io", "net", "dev", "cloud" };

    public static (string Product, string Vendor, string LogProvider) Of(EventGridEnvelope e)
    {
        string type = e.Type;
        string[] parts = type.Split('.');
        bool viaEventGrid = e.Schema == EventGridSchema.EventGridEvent || IsAzureSource(e.Source);
        string logProvider = viaEventGrid ? "Azure Event Grid" : "CloudEvents";
        if (parts.Length >= 2 && parts[0].Equals("Microsoft", StringComparison.OrdinalIgnoreCase))
        {
            string service = parts[1];
            return (AzureProducts.TryGetValue(service, out var product) ? product : SplitWords(service), "Microsoft", logProvider);
        }

        if (parts.Length >= 2)
        {
            string vendor = DomainPrefixes.Contains(parts[0]) && parts.Length >= 3 ? parts[1] : parts[0];
            return (string.Join('.', parts[..^1]), vendor, logProvider);
        }

        return (e.Source is { Length: > 0 } source ? source : "CloudEvents producer", "Unknown", logProvider);
    }

    /// <summary>An ARM path (<c>/subscriptions/…</c>, <c>/tenants/…</c>) or an Azure service URL, as Event Grid writes sources.</summary>
    private static bool IsAzureSource(string? source) =>
        source is not null
        && (source.StartsWith("/subscriptions/", StringComparison.OrdinalIgnoreCase) || source.StartsWith("/tenants/", StringComparison.OrdinalIgnoreCase)
            || source.StartsWith("/providers/", StringComparison.OrdinalIgnoreCase) || source.Contains(".azure.", StringComparison.OrdinalIgnoreCase)
            || source.Contains(".windows.net", StringComparison.OrdinalIgnoreCase) || source.Contains(".azurecr.io", StringComparison.OrdinalIgnoreCase));

    /// <summary>"AppConfiguration" → "App Configuration".</summary>
    private static string SplitWords(string name)
    {
        var text = new System.Text.StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]) && char.IsLower(name[i - 1]))
            {
                text.Append(' ');
            }

            text.Append(name[i]);
        }

        return text.ToString();
    }
}
