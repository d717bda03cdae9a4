using System.Text.Json;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.Azure.EventGrid;

/// <summary>
/// Microsoft.PolicyInsights.PolicyState{Created,Changed,Deleted}: an Azure Policy compliance state of one
/// resource as Compliance Finding — the finding is the (assignment, definition reference, resource) triple, so
/// Created, Changed and Deleted events of the same state share <c>finding_info.uid</c>; the compliance state
/// becomes <c>compliance.status</c> (Compliant → Pass, NonCompliant → Fail, others → Other).
/// </summary>
internal sealed class PolicyStateWriter : EventGridFamilyWriter
{
    public static readonly PolicyStateWriter Instance = new();

    private static readonly HashSet<string> Consumed = Fields(
        "policyAssignmentId", "policyDefinitionId", "policyDefinitionReferenceId", "complianceState", "complianceReasonCode", "subscriptionId", "timestamp");

    private PolicyStateWriter()
    {
    }

    public override IReadOnlySet<string> ConsumedData => Consumed;

    public override void WriteBody(Utf8JsonWriter w, EventGridFacts facts)
    {
        var data = facts.Envelope.Data;
        string? assignment = SourceJson.TextTrimmedKey(data, "policyAssignmentId");
        string? definition = SourceJson.TextTrimmedKey(data, "policyDefinitionId");
        string? reference = SourceJson.TextTrimmedKey(data, "policyDefinitionReferenceId");
        string? state = SourceJson.TextTrimmedKey(data, "complianceState");
        string? reason = SourceJson.TextTrimmedKey(data, "complianceReasonCode");
        string? resource = facts.Envelope.Subject;
        long? evaluated = EventTime.Plausible(OcsfTime.ParseIso(SourceJson.TextTrimmedKey(data, "timestamp")));

        w.WriteStartObject("finding_info");
        var uidParts = new[] { assignment, reference, resource }.Where(p => p is not null);
        string uid = string.Join('|', uidParts);
        w.WriteString("uid", uid.Length > 0 ? uid : facts.Uid);
        string definitionName = LastSegment(definition) ?? LastSegment(assignment) ?? "policy";
        w.WriteString("title", $"Azure Policy {definitionName}" + (reference is not null ? $" ({reference})" : ""));
        w.WriteString("desc", $"Policy state of {resource ?? "a resource"}: {state ?? "unknown"}"
            + (assignment is not null ? $" under assignment {assignment}" : ""));
        if (evaluated is { } at)
        {
            w.WriteNumber(facts.Class.ActivityId == 1 ? "created_time" : "modified_time", at);
        }

        w.WriteStartArray("types");
        w.WriteStringValue("Azure Policy State");
        w.WriteEndArray();
        w.WriteEndObject();

        var (statusId, caption) = ComplianceStatus(state);
        w.WriteStartObject("compliance");
        w.WriteIfPresent("control", definition);
        w.WriteNumber("status_id", statusId);
        w.WriteString("status", caption);
        w.WriteIfPresent("status_code", state);
        w.WriteIfPresent("status_detail", reason);
        w.WriteStartArray("standards");
        w.WriteStringValue("Azure Policy");
        w.WriteEndArray();
        w.WriteEndObject();

        if (facts.Subject is { } scope)
        {
            w.WriteStartArray("resources");
            EventGridWriter.WriteArmResource(w, scope);
            w.WriteEndArray();
        }
    }

    /// <summary>Compliant → 1 Pass, NonCompliant → 3 Fail, anything else (Exempt, Conflict, Unknown…) → 99 Other; absent → 0 Unknown.</summary>
    public static (int Id, string Caption) ComplianceStatus(string? state) => state?.ToUpperInvariant() switch
    {
        null => (0, "Unknown"),
        "COMPLIANT" => (1, "Pass"),
        "NONCOMPLIANT" => (3, "Fail"),
        _ => (99, "Other"),
    };

    private static string? LastSegment(string? id)
    {
        string? last = id?.Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        return string.IsNullOrEmpty(last) ? null : last;
    }
}
