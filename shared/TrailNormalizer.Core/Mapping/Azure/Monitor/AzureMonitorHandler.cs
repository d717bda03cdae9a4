using System.Text.Json;
using TrailNormalizer.Core.Mapping.Azure.Defender;
using TrailNormalizer.Core.Mapping.Azure.Entra;
using TrailNormalizer.Core.Ocsf;
using TrailNormalizer.Core.Rules;

namespace TrailNormalizer.Core.Mapping.Azure.Monitor;

/// <summary>
/// Azure Monitor records: <c>{"records":[…]}</c> documents as diagnostic settings write them (each element is
/// routed on its own), and single records — Activity Log (records or REST shape), resource logs (Notification
/// Hubs, Key Vault, Storage, …), Microsoft Entra ID logs and Defender for Cloud alerts and assessments. Keys are matched case-insensitively.
/// </summary>
internal sealed class AzureMonitorHandler : IRecordHandler
{
    /// <summary>Activity Log and Notification Hubs records, Entra ID audit and sign-in logs; other resource logs have no rule family.</summary>
    public IReadOnlyList<SourceKind> Kinds { get; } = [SourceKind.AzureActivity, SourceKind.NotificationHubs, SourceKind.EntraAudit, SourceKind.EntraSignIn];

    public bool TryHandle(JsonElement value, ReadOnlySpan<byte> raw, RoutingContext context)
    {
        // Diagnostic settings write lower-case "records" (the router itself only expands "Records").
        if (value.TryGetProperty("records", out var records) && records.ValueKind == JsonValueKind.Array)
        {
            int i = 0;
            foreach (var element in records.EnumerateArray())
            {
                context.Route(element, $"#records[{i++}]");
            }

            return true;
        }

        if (value.TryGetProperty("value", out var items) && items.ValueKind == JsonValueKind.Array && IsListResponse(value))
        {
            if (items.GetArrayLength() == 0)
            {
                context.Control(EmptyListKind); // a page with no items is a complete answer, not a lost record
                return true;
            }

            int i = 0;
            foreach (var element in items.EnumerateArray())
            {
                context.Route(element, $"#value[{i++}]");
            }

            return true;
        }

        if (DefenderRecord.Of(value) is { } defender)
        {
            context.Normalized(DefenderFindingMapper.Map(defender, raw, context.ReceivedMs));
            return true;
        }

        bool entraShape = EntraShapes.CategoryOf(value) is not null;
        if (!entraShape && !IsAzureRecord(value))
        {
            return false;
        }

        context.Normalized(EntraRecords.IsEntra(value)
            ? EntraRecords.Map(value, raw, context.ReceivedMs)
            : AzureMonitorRecordMapper.Map(value, raw, context.ReceivedMs));
        return true;
    }

    /// <summary>The control kind counted for a REST list response with no items.</summary>
    public const string EmptyListKind = "rest:empty-list";

    /// <summary>Paging keys of Azure REST and Microsoft Graph list responses, next to <c>value</c>.</summary>
    private static readonly HashSet<string> ListKeys = new(StringComparer.OrdinalIgnoreCase) { "value", "nextLink", "skipToken" };

    /// <summary>
    /// A REST list response: <c>{"value":[…],"nextLink":…}</c> (Activity Log, ARM) or <c>{"@odata.context":…,"value":[…]}</c>
    /// (Microsoft Graph): nothing next to <c>value</c> but paging and OData annotations.
    /// </summary>
    public static bool IsListResponse(JsonElement value) =>
        value.EnumerateObject().All(p => ListKeys.Contains(p.Name) || p.Name.StartsWith("@odata.", StringComparison.Ordinal)
            || p.Name.StartsWith("odata.", StringComparison.Ordinal));

    /// <summary>
    /// An Azure Monitor record names its operation (a string or a REST <c>{"value":…}</c> object) and at least
    /// one of resourceId, category, time or eventTimestamp; CloudTrail, Event Grid and CloudEvents shapes are left to their handlers.
    /// </summary>
    public static bool IsAzureRecord(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object || value.TextAnyCase("operationName") is null)
        {
            return false;
        }

        if (value.TryGetProperty("eventSource", out _) || value.TryGetProperty("eventType", out _) || value.TryGetProperty("specversion", out _))
        {
            return false;
        }

        return value.HasAnyCase("resourceId") || value.HasAnyCase("category") || value.HasAnyCase("time") || value.HasAnyCase("eventTimestamp");
    }
}
