using TrailNormalizer.Core.Mapping.CloudTrail;
using TrailNormalizer.Core.Ocsf;
using TrailNormalizer.Core.Rules;

namespace TrailNormalizer.Core.Mapping.Azure.Monitor;

/// <summary>Which source an Azure Monitor record comes from; decides the product name and the field shapes.</summary>
internal enum AzureMonitorSource
{
    /// <summary>Activity Log (any category), records or REST shape.</summary>
    Activity,

    /// <summary>Notification Hubs <c>OperationalLogs</c>.</summary>
    NotificationHubs,

    /// <summary>Key Vault <c>AuditEvent</c>.</summary>
    KeyVault,

    /// <summary>Any other service's resource log (Storage, …).</summary>
    ResourceLog,
}

/// <summary>The OCSF class and activity an Azure Monitor record maps to; <paramref name="OtherName"/> names activity 99.</summary>
internal sealed record AzureEventClass(OcsfClass Class, int ActivityId, string? OtherName = null);

/// <summary>
/// The Azure Monitor mapping as data: Activity Log categories, log-tamper operations, Azure Policy effects
/// and product names (see docs/mapping-azure-monitor.md).
/// </summary>
internal static class AzureMonitorCatalog
{
    /// <summary>Activity Log categories (and the older Write/Delete/Action names of Administrative).</summary>
    public static readonly IReadOnlySet<string> ActivityCategories = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Administrative", "Security", "ServiceHealth", "Alert", "Recommendation", "Policy", "Autoscale", "ResourceHealth",
        "Write", "Delete", "Action",
    };

    /// <summary>
    /// Categories that report on the platform's health rather than a call or a finding: Base Event, activity Other named
    /// by the category (OCSF 1.8.0 has no service-health class). Autoscale actions are calls of the autoscale engine and
    /// Recommendations are findings, so neither is here.
    /// </summary>
    private static readonly HashSet<string> NoticeCategories = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "ServiceHealth", "ResourceHealth",
    };

    /// <summary>The Advisor / Defender for Cloud recommendation category: Compliance Finding.</summary>
    public const string RecommendationCategory = "Recommendation";

    /// <summary>Categories whose events are alerts: Detection Finding.</summary>
    private static readonly HashSet<string> AlertCategories = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Security", "Alert",
    };

    /// <summary>
    /// Deleting these removes an audit log's destination or its collection: Event Log Activity, Delete.
    /// Matched as the end of the operation name, so nested (extension) resources match too.
    /// </summary>
    private static readonly string[] LogDeletions =
    [
        "microsoft.insights/diagnosticsettings/delete",
        "microsoft.insights/logprofiles/delete",
        "microsoft.operationalinsights/workspaces/delete",
        "microsoft.aadiam/diagnosticsettings/delete",
    ];

    /// <summary>Azure Policy effects whose Activity Log event is an evaluation result: Compliance Finding.</summary>
    private static readonly HashSet<string> EvaluationEffects = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "audit", "auditIfNotExists", "deny", "denyAction",
    };

    /// <summary>Product names of resource logs by resource provider; others are "Azure Monitor".</summary>
    private static readonly Dictionary<string, string> Products = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Microsoft.Storage"] = "Azure Storage",
        ["Microsoft.KeyVault"] = "Key Vault",
        ["Microsoft.NotificationHubs"] = "Notification Hubs",
    };

    /// <summary>The product name for a source (resource logs by the provider in their resource id).</summary>
    public static string ProductName(AzureMonitorSource source, string? provider) => source switch
    {
        AzureMonitorSource.Activity => "Azure Activity",
        AzureMonitorSource.NotificationHubs => "Notification Hubs",
        AzureMonitorSource.KeyVault => "Key Vault",
        _ => provider is not null && Products.TryGetValue(provider, out var name) ? name : "Azure Monitor",
    };

    /// <summary>
    /// The Sigma rule family of a record: Activity Log records are <c>azure/activitylogs</c>, Notification Hubs operational
    /// logs (also as resource logs of that provider) <c>azure/notificationhubs</c>; other resource logs have none.
    /// </summary>
    public static SourceKind? RuleKind(AzureMonitorSource source, string product) => source switch
    {
        AzureMonitorSource.Activity => SourceKind.AzureActivity,
        AzureMonitorSource.NotificationHubs => SourceKind.NotificationHubs,
        AzureMonitorSource.ResourceLog when product == Products["Microsoft.NotificationHubs"] => SourceKind.NotificationHubs,
        _ => null,
    };

    /// <summary>A provider namespace in its documented spelling when it is one the catalogue knows (resource ids may be upper-case).</summary>
    public static string? CanonicalProvider(string? provider) =>
        provider is null ? null : Products.Keys.FirstOrDefault(k => k.Equals(provider, StringComparison.OrdinalIgnoreCase)) ?? provider;

    /// <summary>The provider a resource-log category belongs to when the record has no resource id (StorageRead → Microsoft.Storage).</summary>
    public static string? ProviderOfCategory(string? category) =>
        category is not null && category.StartsWith("Storage", StringComparison.OrdinalIgnoreCase) ? "Microsoft.Storage" : null;

    /// <summary>Which source a record is, from its category, resource id and operation.</summary>
    public static AzureMonitorSource SourceOf(string? category, string? resourceId, string operation)
    {
        if (string.Equals(category, "OperationalLogs", StringComparison.OrdinalIgnoreCase)
            && Contains(resourceId ?? operation, "Microsoft.NotificationHubs"))
        {
            return AzureMonitorSource.NotificationHubs;
        }

        if (string.Equals(category, "AuditEvent", StringComparison.OrdinalIgnoreCase) && Contains(resourceId, "Microsoft.KeyVault"))
        {
            return AzureMonitorSource.KeyVault;
        }

        if (category is not null ? ActivityCategories.Contains(category) : IsArmOperation(operation))
        {
            return AzureMonitorSource.Activity;
        }

        return AzureMonitorSource.ResourceLog;
    }

    /// <summary>The class and activity for an Activity Log record.</summary>
    public static AzureEventClass ClassifyActivity(string? category, string operation, bool created)
    {
        string lower = operation.ToLowerInvariant();
        if (LogDeletions.Any(d => lower.EndsWith(d, StringComparison.Ordinal)))
        {
            return new AzureEventClass(OcsfClass.EventLogActivity, 2);
        }

        if (category is not null && NoticeCategories.Contains(category))
        {
            return new AzureEventClass(OcsfClass.BaseEvent, 99, category);
        }

        if (string.Equals(category, RecommendationCategory, StringComparison.OrdinalIgnoreCase))
        {
            return new AzureEventClass(OcsfClass.ComplianceFinding, 1);
        }

        if (category is not null && AlertCategories.Contains(category))
        {
            return new AzureEventClass(OcsfClass.DetectionFinding, 1);
        }

        if (PolicyEffect(operation) is { } effect && EvaluationEffects.Contains(effect))
        {
            return new AzureEventClass(OcsfClass.ComplianceFinding, 1);
        }

        int activity = AzureOperationVerbs.ActivityOf(operation, created);
        return new AzureEventClass(OcsfClass.ApiActivity, activity, activity == ApiVerbs.Other ? OtherName(operation) : null);
    }

    /// <summary>The Azure Policy effect of <c>Microsoft.Authorization/policies/{effect}/action</c>, else null.</summary>
    public static string? PolicyEffect(string operation)
    {
        const string Prefix = "Microsoft.Authorization/policies/";
        if (!operation.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || !operation.EndsWith("/action", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string effect = operation[Prefix.Length..^"/action".Length];
        return effect.Contains('/', StringComparison.Ordinal) ? null : effect;
    }

    /// <summary>The activity name for Other: the ARM action (<c>listKeys</c>) or the operation itself.</summary>
    public static string OtherName(string operation)
    {
        string[] parts = operation.Split('/');
        return parts.Length >= 2 && parts[^1].Equals("action", StringComparison.OrdinalIgnoreCase) ? parts[^2] : operation;
    }

    /// <summary>An ARM operation: <c>Namespace.Provider/type/…/verb</c>.</summary>
    public static bool IsArmOperation(string operation) =>
        operation.Contains('/', StringComparison.Ordinal) && operation.IndexOf('.', StringComparison.Ordinal) is > 0 and var dot
        && dot < operation.IndexOf('/', StringComparison.Ordinal);

    private static bool Contains(string? text, string part) => text?.Contains(part, StringComparison.OrdinalIgnoreCase) ?? false;
}
