using System.Text.Json;
using TrailNormalizer.Core.Mapping.Azure.Monitor;
using TrailNormalizer.Core.Ocsf;
using TrailNormalizer.Core.Rules;

namespace TrailNormalizer.Core.Mapping.Azure.Entra;

/// <summary>
/// Microsoft Entra ID records exported by diagnostic settings: recognizes them and sends each category to its
/// mapper — sign-ins to Authentication, audit logs to Account Change or API Activity, provisioning logs to Account
/// Change, risk to findings, Graph activity to API Activity, the rest to Base Event with the raw kept.
/// </summary>
internal static class EntraRecords
{
    /// <summary>Sign-in categories: Authentication.</summary>
    public static readonly IReadOnlySet<string> SignInCategories = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "SignInLogs", "NonInteractiveUserSignInLogs", "ServicePrincipalSignInLogs", "ManagedIdentitySignInLogs", "ADFSSignInLogs",
    };

    /// <summary>Every Entra diagnostic category (the others become Base Events).</summary>
    public static readonly IReadOnlySet<string> Categories = new HashSet<string>(SignInCategories, StringComparer.OrdinalIgnoreCase)
    {
        "AuditLogs", "ProvisioningLogs", "RiskyUsers", "UserRiskEvents", "RiskyServicePrincipals", "ServicePrincipalRiskEvents",
        "MicrosoftGraphActivityLogs", "NetworkAccessTrafficLogs", "EnrichedOffice365AuditLogs", "B2CRequestLogs", "RemoteNetworkHealthLogs",
    };

    /// <summary>The product name on every Entra event.</summary>
    public const string Product = "Microsoft Entra ID";

    /// <summary>
    /// An Entra log in any shape <see cref="EntraShapes"/> knows, or an audit record of any category whose resource is the
    /// Entra tenant (<c>Microsoft.aadiam</c>). Activity Log records about the tenant (category Administrative, e.g.
    /// <c>Microsoft.aadiam/diagnosticSettings/write</c>) are Activity Log, not Entra; an Entra audit record whose own
    /// category has an Activity Log name (Policy) is Entra.
    /// </summary>
    public static bool IsEntra(JsonElement record)
    {
        if (EntraShapes.CategoryOf(record) is not null)
        {
            return true;
        }

        bool tenantResource = record.TextAnyCase("resourceId")?.Contains("microsoft.aadiam", StringComparison.OrdinalIgnoreCase) ?? false;
        string? category = record.TextAnyCase("category");
        if (category is not null && AzureMonitorCatalog.ActivityCategories.Contains(category))
        {
            // Entra audit logs have categories of their own that share names with the Activity Log's ("Policy"); such a
            // record names a directory activity (no ARM operation) and its initiator.
            return tenantResource && !AzureMonitorCatalog.IsArmOperation(record.TextAnyCase("operationName") ?? "")
                && record.ObjAnyCase("properties") is { } p && (p.HasAnyCase("initiatedBy") || p.HasAnyCase("activityDisplayName"));
        }

        return tenantResource;
    }

    /// <summary>
    /// Maps an Entra record (see <see cref="IsEntra"/>). Diagnostic-settings records hold the log's fields in
    /// <c>properties</c>; Log Analytics rows and Graph items hold them at the top level, so the record is its own properties.
    /// </summary>
    public static NormalizedEvent Map(JsonElement record, ReadOnlySpan<byte> raw, long receivedMs)
    {
        string? category = EntraShapes.CategoryOf(record) ?? record.TextAnyCase("category");
        var properties = record.ObjAnyCase("properties") ?? record;
        if (category is not null && SignInCategories.Contains(category))
        {
            return EntraSignInMapper.Map(record, properties, category, raw, receivedMs);
        }

        if (category is not null && EntraRiskMapper.Categories.Contains(category))
        {
            return EntraRiskMapper.Map(record, properties, category, raw, receivedMs);
        }

        if (string.Equals(category, "ProvisioningLogs", StringComparison.OrdinalIgnoreCase))
        {
            return EntraProvisioningMapper.Map(record, properties, category!, raw, receivedMs);
        }

        if (string.Equals(category, "MicrosoftGraphActivityLogs", StringComparison.OrdinalIgnoreCase))
        {
            return EntraGraphActivityMapper.Map(record, properties, category!, raw, receivedMs);
        }

        bool audit = string.Equals(category, "AuditLogs", StringComparison.OrdinalIgnoreCase)
            || properties.GetAnyCase("initiatedBy") is not null || properties.TextAnyCase("activityDisplayName") is not null;
        return audit
            ? EntraAuditMapper.Map(record, properties, category, raw, receivedMs)
            : MapOther(record, properties, category, raw, receivedMs);
    }

    /// <summary>
    /// Where Entra records are filed: the tenant, region "global". Entra ID is a tenant-wide service with no Azure region;
    /// a record's top-level <c>location</c> is where the client was (a sign-in's country, e.g. "NL"), not a region.
    /// </summary>
    public static EvidencePartition Partition(string? tenant) => new("azure", tenant ?? "unknown", "global");

    /// <summary>The Entra tenant: tenantId, else the one in a <c>/tenants/{id}/…</c> resource id.</summary>
    public static string? Tenant(JsonElement record, JsonElement? properties)
    {
        if ((record.TextAnyCase("tenantId") ?? properties?.TextAnyCase("tenantId")) is { } tenant)
        {
            return tenant;
        }

        string[] parts = (record.TextAnyCase("resourceId") ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        int i = Array.FindIndex(parts, p => p.Equals("tenants", StringComparison.OrdinalIgnoreCase));
        return i >= 0 && i + 1 < parts.Length ? parts[i + 1] : null;
    }

    /// <summary>The event time: the record's <c>time</c>, else the properties' own timestamps.</summary>
    public static (long? Time, string? Original) Time(JsonElement record, JsonElement? properties)
    {
        var top = AzureEventWriter.SourceTime(record, "time", "timeGenerated");
        if (top.Original is not null || properties is null)
        {
            return top;
        }

        return AzureEventWriter.SourceTime(properties.Value, "createdDateTime", "activityDateTime", "riskLastUpdatedDateTime", "detectedDateTime");
    }

    /// <summary>Fields every Entra mapper consumes in full.</summary>
    internal static readonly string[] CommonMapped =
    [
        "time", "category", "tenantId", "resourceId", "operationName", "correlationId", "callerIpAddress", "location", "operationVersion", "durationMs",
    ];

    /// <summary>Other Entra categories: Base Event, activity Other named by the category, raw and properties kept.</summary>
    private static NormalizedEvent MapOther(JsonElement record, JsonElement? properties, string? category, ReadOnlySpan<byte> raw, long receivedMs)
    {
        var (sourceTime, original) = Time(record, properties);
        var (time, substituted) = EventTime.OrReceived(sourceTime, receivedMs);
        string? tenant = Tenant(record, properties);
        string uid = RawData.Uid(properties?.TextAnyCase("id"), raw);
        using var ev = new OcsfEventBuffer();
        var w = ev.Writer;
        w.WriteStartObject();
        OcsfHeader.Write(w, OcsfClass.BaseEvent, 99, category ?? "Entra ID record", time);
        AzureEventWriter.WriteMetadata(w, uid, Product, original, substituted, record.TextAnyCase("operationName"), category,
            record.TextAnyCase("correlationId"), record.TextAnyCase("operationVersion"));
        AzureEventWriter.WriteCloud(w, null, tenant, null);
        w.WriteString("message", record.TextAnyCase("operationName") ?? category ?? "Microsoft Entra ID record");
        RawData.Write(w, raw);
        AzureEventWriter.WriteUnmapped(w, record, new HashSet<string>(["time", "category", "tenantId", "operationName", "correlationId", "operationVersion"], StringComparer.OrdinalIgnoreCase));
        w.WriteEndObject();

        return ev.Finish(OcsfClass.BaseEvent.Uid, time, EntraRecords.Partition(tenant), uid, SourceKind.EntraAudit);
    }
}
