using System.Text.Json;
using TrailNormalizer.Core.Mapping.Azure.Monitor;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.Azure.Entra;

/// <summary>
/// Which Entra log a record is, whatever shape it was exported in: a diagnostic-settings record (its
/// <c>category</c>), a Log Analytics row (its table name in <c>Type</c>), or a bare Microsoft Graph API item
/// (<c>/auditLogs/directoryAudits</c>, <c>/auditLogs/signIns</c> v1.0 and beta, <c>/identityProtection/riskDetections</c>,
/// <c>/identityProtection/riskyUsers</c>, <c>/auditLogs/provisioning</c>), recognized by the fields each resource has.
/// The answer is the diagnostic category name the mappers dispatch on.
/// </summary>
internal static class EntraShapes
{
    /// <summary>Log Analytics table names → the diagnostic category of the same log.</summary>
    private static readonly Dictionary<string, string> Tables = new(StringComparer.OrdinalIgnoreCase)
    {
        ["SigninLogs"] = "SignInLogs",
        ["AADNonInteractiveUserSignInLogs"] = "NonInteractiveUserSignInLogs",
        ["AADServicePrincipalSignInLogs"] = "ServicePrincipalSignInLogs",
        ["AADManagedIdentitySignInLogs"] = "ManagedIdentitySignInLogs",
        ["ADFSSignInLogs"] = "ADFSSignInLogs",
        ["AuditLogs"] = "AuditLogs",
        ["AADProvisioningLogs"] = "ProvisioningLogs",
        ["MicrosoftGraphActivityLogs"] = "MicrosoftGraphActivityLogs",
        ["AADUserRiskEvents"] = "UserRiskEvents",
        ["AADRiskyUsers"] = "RiskyUsers",
        ["AADServicePrincipalRiskEvents"] = "ServicePrincipalRiskEvents",
        ["AADRiskyServicePrincipals"] = "RiskyServicePrincipals",
    };

    /// <summary>The Entra category of <paramref name="record"/>, or null when it is not an Entra log in any known shape.</summary>
    public static string? CategoryOf(JsonElement record)
    {
        if (record.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        string? category = record.TextAnyCase("category");
        if (category is not null && EntraRecords.Categories.Contains(category))
        {
            return category;
        }

        if (record.TextAnyCase("Type") is { } table && Tables.TryGetValue(table, out var fromTable))
        {
            return fromTable;
        }

        return GraphCategory(record);
    }

    /// <summary>A bare Microsoft Graph item (no <c>properties</c> wrapper), by the fields only that resource has.</summary>
    public static string? GraphCategory(JsonElement item)
    {
        if (item.HasAnyCase("properties"))
        {
            return null;
        }

        if (item.HasAnyCase("activityDisplayName") && (item.HasAnyCase("initiatedBy") || item.HasAnyCase("targetResources")) && item.HasAnyCase("activityDateTime"))
        {
            return "AuditLogs";
        }

        if (item.HasAnyCase("riskEventType") && (item.HasAnyCase("detectedDateTime") || item.HasAnyCase("activityDateTime")))
        {
            return item.HasAnyCase("servicePrincipalId") && !item.HasAnyCase("userId") ? "ServicePrincipalRiskEvents" : "UserRiskEvents";
        }

        if (item.HasAnyCase("riskLevel") && item.HasAnyCase("riskState") && item.HasAnyCase("riskLastUpdatedDateTime"))
        {
            return item.HasAnyCase("servicePrincipalType") || item.HasAnyCase("appId") ? "RiskyServicePrincipals" : "RiskyUsers";
        }

        if (item.HasAnyCase("provisioningAction") || (item.HasAnyCase("provisioningStatusInfo") && item.HasAnyCase("activityDateTime")))
        {
            return "ProvisioningLogs";
        }

        if (item.HasAnyCase("requestUri") && item.HasAnyCase("requestMethod") && item.HasAnyCase("responseStatusCode"))
        {
            return "MicrosoftGraphActivityLogs";
        }

        bool signIn = item.HasAnyCase("createdDateTime") && (item.ObjAnyCase("status") is not null || item.HasAnyCase("signInEventTypes"))
            && (item.HasAnyCase("userPrincipalName") || item.HasAnyCase("appId") || item.HasAnyCase("servicePrincipalId") || item.HasAnyCase("ipAddress"));
        return signIn ? SignInCategory(item) : null;
    }

    /// <summary>
    /// The kind of a Graph sign-in: beta's <c>signInEventTypes</c> (interactiveUser, nonInteractiveUser, servicePrincipal,
    /// managedIdentity), else v1.0's <c>isInteractive</c> false → non-interactive; else interactive.
    /// </summary>
    private static string SignInCategory(JsonElement item)
    {
        var types = item.GetAnyCase("signInEventTypes") is { ValueKind: JsonValueKind.Array } array
            ? array.EnumerateArray().Select(SourceJson.ValueText).OfType<string>().ToList()
            : [];
        if (types.Any(t => t.Equals("managedIdentity", StringComparison.OrdinalIgnoreCase)))
        {
            return "ManagedIdentitySignInLogs";
        }

        if (types.Any(t => t.Equals("servicePrincipal", StringComparison.OrdinalIgnoreCase)))
        {
            return "ServicePrincipalSignInLogs";
        }

        bool nonInteractive = types.Any(t => t.Equals("nonInteractiveUser", StringComparison.OrdinalIgnoreCase))
            || (types.Count == 0 && item.GetAnyCase("isInteractive") is { ValueKind: JsonValueKind.False });
        return nonInteractive ? "NonInteractiveUserSignInLogs" : "SignInLogs";
    }
}
