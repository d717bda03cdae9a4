using System.Text.RegularExpressions;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Azure.Tests.EndToEnd;

/// <summary>
/// The delivery settings infra/azure/modules/eventgrid.bicep gives both Event Grid subscriptions, read from the Bicep
/// source so the end-to-end tests send what a deployment would: the WebHook endpoint path, the static header, the
/// batch size, and the function the AzureFunction delivery targets.
/// </summary>
internal static partial class BicepDelivery
{
    private static readonly Lazy<string> Source = new(() => File.ReadAllText(Path.Combine(RepoPaths.Root, "infra", "azure", "modules", "eventgrid.bicep")));

    /// <summary>The path of the WebHook endpoint URL, e.g. /api/Webhook.</summary>
    public static string WebhookPath => Single(WebhookUrl()).Groups["path"].Value;

    /// <summary>The name of the static delivery attribute that carries the webhook key.</summary>
    public static string KeyHeader => Single(StaticHeader()).Groups["name"].Value;

    /// <summary>The most events Event Grid puts in one WebHook request.</summary>
    public static int WebhookBatchSize => int.Parse(Single(WebhookBatch()).Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The function the AzureFunction delivery targets.</summary>
    public static string AzureFunctionName => Single(AzureFunctionTarget()).Groups["name"].Value;

    private static Match Single(Regex pattern)
    {
        var matches = pattern.Matches(Source.Value);
        return matches.Count == 1 ? matches[0] : throw new InvalidOperationException($"eventgrid.bicep: expected one match of {pattern}, found {matches.Count}");
    }

    [GeneratedRegex(@"endpointUrl: 'https://\$\{functionHostName\}(?<path>/[^']+)'")]
    private static partial Regex WebhookUrl();

    [GeneratedRegex(@"name: '(?<name>[^']+)'\s+type: 'Static'")]
    private static partial Regex StaticHeader();

    [GeneratedRegex(@"endpointType: 'WebHook'[\s\S]*?maxEventsPerBatch: (?<n>\d+)")]
    private static partial Regex WebhookBatch();

    [GeneratedRegex(@"resource eventGridFunction 'functions' existing = \{\s+name: '(?<name>[^']+)'")]
    private static partial Regex AzureFunctionTarget();
}
