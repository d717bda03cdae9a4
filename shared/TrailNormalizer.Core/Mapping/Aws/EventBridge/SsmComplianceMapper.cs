using System.Text.Json;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.Aws.EventBridge;

/// <summary>
/// SSM "Configuration Compliance State Change" → Compliance Finding (2003), activity Update:
/// compliance-status COMPLIANT/NON_COMPLIANT (any case) → compliance status Pass/Fail, compliance-type →
/// compliance.control, the managed resource (and the event's resources) → resources.
/// </summary>
internal static class SsmComplianceMapper
{
    public const string DetailType = "Configuration Compliance State Change";

    private const int StatusPass = 1;
    private const int StatusFail = 3;
    private const int StatusOther = 99;

    public static NormalizedEvent Map(EventBridgeEnvelope e, JsonElement detail, ReadOnlySpan<byte> raw)
    {
        string? statusText = detail.NonEmpty("compliance-status");
        int statusId = statusText?.ToUpperInvariant() switch
        {
            "COMPLIANT" => StatusPass,
            "NON_COMPLIANT" => StatusFail,
            _ => StatusOther,
        };
        string? resourceId = detail.NonEmpty("resource-id");
        string? resourceType = detail.NonEmpty("resource-type");
        string? complianceType = detail.NonEmpty("compliance-type");
        int severityId = FindingWriter.SeverityFromLabel(detail.NonEmpty("patch-severity") ?? detail.NonEmpty("severity")) is > 0 and var s ? s : OcsfEnums.SeverityInformational;
        string title = $"{complianceType ?? "Configuration"} compliance of {resourceType ?? "resource"} {resourceId ?? ""}".TrimEnd();

        var resources = new List<FindingResource>();
        if (resourceId is not null)
        {
            resources.Add(new FindingResource(resourceId, resourceType, e.Region));
        }

        if (e.Value.TryGetProperty("resources", out var arns) && arns.ValueKind == JsonValueKind.Array)
        {
            resources.AddRange(arns.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.String)
                .Select(a => new FindingResource(a.GetString(), resourceType, e.Region)));
        }

        byte[] rawBytes = raw.ToArray();
        return AwsEventWriter.Write(OcsfClass.ComplianceFinding.Uid, e.TimeMs, e.Uid, e.Account, e.Region, w =>
        {
            OcsfHeader.Write(w, OcsfClass.ComplianceFinding, 2, null, e.TimeMs, severityId: severityId);
            w.WriteString("message", $"{title}: {statusText ?? "unknown"}");
            AwsEventWriter.WriteMetadata(w, e.Metadata("Systems Manager"));
            AwsEventWriter.WriteCloud(w, e.Account, e.Region);
            FindingWriter.WriteFindingInfo(w, new FindingInfo(e.Uid, title, null, complianceType, null, detail.NonEmpty("last-runtime"), null));

            w.WriteStartObject("compliance");
            w.WriteNumber("status_id", statusId);
            w.WriteString("status", statusId switch { StatusPass => "Pass", StatusFail => "Fail", _ => "Other" });
            if (statusText is not null)
            {
                w.WriteString("status_code", statusText);
            }

            if (complianceType is not null)
            {
                w.WriteString("control", complianceType);
            }

            w.WriteEndObject();
            FindingWriter.WriteResources(w, resources);
            RawData.Write(w, rawBytes);
            AwsEventWriter.WriteUnmapped(w, detail, new HashSet<string>(StringComparer.Ordinal) { "compliance-status", "resource-id", "resource-type", "compliance-type" }, e.WriteUnmappedEnvelope);
        });
    }
}
