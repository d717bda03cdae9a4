using System.Text.Json;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.Azure.Monitor;

/// <summary>
/// The finding part of Activity Log records that are findings: Azure Policy evaluations and Advisor / Defender for Cloud
/// recommendations (Compliance Finding), Security and Alert events (Detection Finding).
/// </summary>
internal static class AzureActivityFindingWriter
{
    /// <summary>
    /// Finding severity: a recommendation's <c>recommendationImpact</c>, an alert's <c>properties.severity</c> (a word, or
    /// Azure Monitor's Sev0–Sev4), else the record's <c>level</c> (Critical 5, Error 4, Warning 3, else Informational).
    /// </summary>
    public static int Severity(JsonElement record, JsonElement? properties) =>
        SeverityOf(properties?.TextAnyCase("recommendationImpact")) ?? SeverityOf(properties?.TextAnyCase("severity"))
        ?? SeverityOf(record.TextAnyCase("level")) ?? OcsfEnums.SeverityInformational;

    private static int? SeverityOf(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "CRITICAL" or "SEV0" or "0" => 5,
        "HIGH" or "ERROR" or "SEV1" or "1" => 4,
        "MEDIUM" or "WARNING" or "SEV2" or "2" => 3,
        "LOW" => 2,
        "INFORMATIONAL" or "INFORMATION" or "VERBOSE" or "SEV3" or "SEV4" or "3" or "4" => OcsfEnums.SeverityInformational,
        _ => null,
    };

    /// <summary>Writes <c>finding_info</c> and, for Compliance Findings, <c>compliance</c>.</summary>
    public static void Write(Utf8JsonWriter w, JsonElement record, string uid, string operation, string? category, JsonElement? properties)
    {
        var owned = new List<JsonDocument>();
        try
        {
            var policy = EvaluatedPolicy(properties, owned);
            string? effect = AzureMonitorCatalog.PolicyEffect(operation);
            bool recommendation = string.Equals(category, AzureMonitorCatalog.RecommendationCategory, StringComparison.OrdinalIgnoreCase);
            string? recommendationCategory = properties?.TextAnyCase("recommendationCategory");
            string? localized = record.GetAnyCase("operationName") is { ValueKind: JsonValueKind.Object } op ? op.TextAnyCase("localizedValue") : null;
            string title = policy?.TextAnyCase("policyDefinitionDisplayName")
                ?? properties?.TextAnyCase("recommendationName") ?? properties?.TextAnyCase("alertDisplayName") ?? properties?.TextAnyCase("title")
                ?? (recommendation && recommendationCategory is not null ? $"Azure Advisor {recommendationCategory} recommendation" : null)
                ?? localized
                ?? (effect is not null ? $"Azure Policy {effect}" : operation);

            w.WriteStartObject("finding_info");
            w.WriteString("uid", properties?.TextAnyCase("alertId") ?? uid);
            w.WriteString("title", title);
            w.WriteIfPresent("desc", record.TextAnyCase("resultDescription") ?? properties?.TextAnyCase("description"));
            if (recommendationCategory is not null)
            {
                w.WriteStartArray("types");
                w.WriteStringValue(recommendationCategory);
                w.WriteEndArray();
            }

            w.WriteEndObject();

            if (recommendation)
            {
                // A recommendation is raised for a resource that does not follow the recommended practice.
                WriteCompliance(w, properties?.TextAnyCase("recommendationType") ?? properties?.TextAnyCase("recommendationName"),
                    Joined("Azure Advisor recommendation", recommendationCategory, properties?.TextAnyCase("recommendationImpact")));
            }
            else if (effect is not null)
            {
                // An audit/deny event is written for a non-compliant request or resource.
                WriteCompliance(w, policy?.TextAnyCase("policyDefinitionName") ?? policy?.TextAnyCase("policyDefinitionId"), $"Azure Policy effect: {effect}");
            }
        }
        finally
        {
            owned.ForEach(d => d.Dispose());
        }
    }

    /// <summary>
    /// Who caused the finding (the caller of the audited or denied request) as its evidence: findings have no <c>actor</c>,
    /// and the caller, its address and its MFA would otherwise be lost.
    /// </summary>
    public static void WriteEvidence(Utf8JsonWriter w, AzureCaller caller, string? address, string provider)
    {
        if (caller.IsUnknown && address is null)
        {
            return;
        }

        w.WriteStartArray("evidences");
        w.WriteStartObject();
        if (!caller.IsUnknown)
        {
            caller.WriteActor(w);
        }

        AzureEventWriter.WriteSourceEndpoint(w, address, provider);
        w.WriteEndObject();
        w.WriteEndArray();
    }

    private static void WriteCompliance(Utf8JsonWriter w, string? control, string detail)
    {
        w.WriteStartObject("compliance");
        w.WriteIfPresent("control", control);
        w.WriteNumber("status_id", 3);
        w.WriteString("status", "Fail");
        w.WriteString("status_detail", detail);
        w.WriteEndObject();
    }

    private static string Joined(string text, string? category, string? impact) =>
        text + (category is not null ? $", category {category}" : "") + (impact is not null ? $", impact {impact}" : "");

    /// <summary>The first assignment of Azure Policy's <c>properties.policies</c>, a JSON-encoded array; else null.</summary>
    private static JsonElement? EvaluatedPolicy(JsonElement? properties, List<JsonDocument> owned)
    {
        if (properties?.GetAnyCase("policies") is not { ValueKind: JsonValueKind.String } encoded || encoded.GetString() is not { } text
            || !text.TrimStart().StartsWith('['))
        {
            return null;
        }

        try
        {
            var document = JsonDocument.Parse(text);
            owned.Add(document);
            var policy = document.RootElement.EnumerateArray().FirstOrDefault(e => e.ValueKind == JsonValueKind.Object);
            return policy.ValueKind == JsonValueKind.Object ? policy : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
