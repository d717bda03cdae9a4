using System.Text.Json;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.Aws.EventBridge;

/// <summary>
/// Security Hub findings in the AWS Security Finding Format (ASFF): the <c>detail.findings[]</c> of "Security Hub Findings -
/// Imported" and "- Custom Action", or bare (exported, <c>get-findings</c>). One event per finding, its class from what the
/// finding is: a control check (<c>Compliance.Status</c>) → Compliance Finding (2003), a finding listing
/// <c>Vulnerabilities</c> → Vulnerability Finding (2002), else Detection Finding (2004). Id/Title/Description/Types[0]/
/// CreatedAt/UpdatedAt/ProductArn → finding_info, the event time is UpdatedAt, Severity.Label → severity_id,
/// Workflow.Status → status, Resources[] → resources. <c>metadata.uid</c> is the EventBridge id when the event holds
/// one finding, else <c>id/findings[i]</c>; <c>metadata.correlation_uid</c> is the EventBridge id.
/// </summary>
internal static class SecurityHubFindingMapper
{
    public const string DetailType = "Security Hub Findings - Imported";
    public const string CustomActionDetailType = "Security Hub Findings - Custom Action";

    private static readonly HashSet<string> Mapped = new(StringComparer.Ordinal)
    {
        "Id", "Title", "Description", "CreatedAt", "UpdatedAt", "ProductArn", "Resources", "Compliance", "Vulnerabilities", "Severity",
    };

    /// <summary>A bare ASFF finding: its schema version, id, product ARN and account.</summary>
    public static bool IsAsffFinding(JsonElement value) =>
        value.ValueKind == JsonValueKind.Object && value.NonEmpty("SchemaVersion") is not null && value.NonEmpty("Id") is not null
        && value.NonEmpty("ProductArn") is not null && value.NonEmpty("AwsAccountId") is not null;

    public static IEnumerable<NormalizedEvent> Map(EventBridgeEnvelope e, JsonElement findings, ReadOnlySpan<byte> raw)
    {
        byte[] rawBytes = raw.ToArray();
        int count = findings.GetArrayLength();
        var events = new List<NormalizedEvent>(count);
        string? action = e.DetailType == CustomActionDetailType ? e.Value.Obj("detail")?.NonEmpty("actionName") ?? "Custom Action" : null;
        int i = 0;
        foreach (var finding in findings.EnumerateArray())
        {
            string uid = count == 1 ? e.Uid : $"{e.Uid}/findings[{i}]";
            events.Add(MapOne(e, finding, uid, rawBytes, action));
            i++;
        }

        return events;
    }

    /// <summary>Maps one bare ASFF finding (no EventBridge envelope).</summary>
    public static NormalizedEvent MapBare(JsonElement finding, ReadOnlySpan<byte> raw, long receivedMs)
    {
        var e = EventBridgeEnvelope.Bare(finding.NonEmpty("Id")!, "Security Hub Finding", "aws.securityhub",
            finding.NonEmpty("AwsAccountId"), finding.NonEmpty("Region"), receivedMs, "AWS Security Hub");
        return MapOne(e, finding, e.Uid, raw.ToArray(), null);
    }

    private static NormalizedEvent MapOne(EventBridgeEnvelope envelope, JsonElement finding, string uid, byte[] rawBytes, string? customAction)
    {
        var e = envelope.WithFindingTime(finding.NonEmpty("UpdatedAt") ?? finding.NonEmpty("CreatedAt"));
        string findingId = finding.NonEmpty("Id") ?? uid;
        string? account = finding.NonEmpty("AwsAccountId") ?? e.Account;
        string? region = finding.NonEmpty("Region") ?? e.Region;
        var severity = finding.Obj("Severity");
        int severityId = FindingWriter.SeverityFromLabel(severity?.NonEmpty("Label") ?? severity?.NonEmpty("Normalized")) is > 0 and var s ? s : OcsfEnums.SeverityInformational;
        string? type = finding.TryGetProperty("Types", out var types) && types.ValueKind == JsonValueKind.Array && types.GetArrayLength() > 0
            && types[0].ValueKind == JsonValueKind.String ? types[0].GetString() : null;
        var resources = new List<FindingResource>();
        if (finding.TryGetProperty("Resources", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            resources.AddRange(list.EnumerateArray().Select(r => new FindingResource(r.NonEmpty("Id"), r.NonEmpty("Type"), r.NonEmpty("Region"))));
        }

        var compliance = finding.Obj("Compliance");
        bool vulnerable = finding.TryGetProperty("Vulnerabilities", out var vulnerabilities) && vulnerabilities.ValueKind == JsonValueKind.Array
            && vulnerabilities.GetArrayLength() > 0;
        var cls = compliance?.NonEmpty("Status") is not null ? OcsfClass.ComplianceFinding
            : vulnerable ? OcsfClass.VulnerabilityFinding
            : OcsfClass.DetectionFinding;
        var metadata = e.Metadata(finding.NonEmpty("ProductName") ?? "Security Hub", uid) with { CorrelationUid = e.LogProvider == "Amazon EventBridge" ? e.Uid : null };
        var network = finding.Obj("Network");
        return AwsEventWriter.Write(cls.Uid, e.TimeMs, uid, account, region, w =>
        {
            OcsfHeader.Write(w, cls, customAction is null ? 1 : 99, customAction is null ? null : $"Custom Action: {customAction}", e.TimeMs, severityId: severityId);
            FindingWriter.WriteWorkflowStatus(w, finding.Obj("Workflow")?.NonEmpty("Status") ?? finding.NonEmpty("WorkflowState"));
            w.WriteIfPresent("message", finding.NonEmpty("Title"));
            AwsEventWriter.WriteMetadata(w, metadata);
            AwsEventWriter.WriteCloud(w, account, region);
            FindingWriter.WriteFindingInfo(w, new FindingInfo(
                findingId, finding.NonEmpty("Title"), finding.NonEmpty("Description"), type,
                finding.NonEmpty("CreatedAt"), finding.NonEmpty("UpdatedAt"), finding.NonEmpty("ProductArn")),
                finding.NonEmpty("FirstObservedAt"), finding.NonEmpty("LastObservedAt"));
            if (cls == OcsfClass.VulnerabilityFinding)
            {
                WriteVulnerabilities(w, vulnerabilities);
            }
            else
            {
                // Detection and Compliance Findings both carry evidences: the network source the finding names.
                if (cls == OcsfClass.ComplianceFinding)
                {
                    WriteCompliance(w, compliance!.Value, finding);
                }

                FindingWriter.WriteEvidence(w, null, network?.NonEmpty("SourceIpV4") ?? network?.NonEmpty("SourceIpV6"), null, null, null, null);
            }

            FindingWriter.WriteResources(w, resources);
            RawData.Write(w, rawBytes);
            AwsEventWriter.WriteUnmapped(w, finding, Mapped, e.WriteUnmappedEnvelope);
        });
    }

    /// <summary>Compliance.Status PASSED/WARNING/FAILED → Pass/Warning/Fail (NOT_AVAILABLE → Other); the control and standards checked.</summary>
    private static void WriteCompliance(Utf8JsonWriter w, JsonElement compliance, JsonElement finding)
    {
        string status = compliance.NonEmpty("Status")!;
        var (id, caption) = status.ToUpperInvariant() switch
        {
            "PASSED" => (1, "Pass"),
            "WARNING" => (2, "Warning"),
            "FAILED" => (3, "Fail"),
            _ => (99, status),
        };
        w.WriteStartObject("compliance");
        w.WriteNumber("status_id", id);
        w.WriteString("status", caption);
        w.WriteString("status_code", status);
        w.WriteIfPresent("control",
            compliance.NonEmpty("SecurityControlId") ?? finding.Obj("ProductFields")?.NonEmpty("ControlId") ?? finding.NonEmpty("GeneratorId"));
        if (compliance.TryGetProperty("StatusReasons", out var reasons) && reasons.ValueKind == JsonValueKind.Array
            && reasons.EnumerateArray().Select(r => r.NonEmpty("Description")).FirstOrDefault(d => d is not null) is { } reason)
        {
            w.WriteString("status_detail", reason);
        }

        var standards = compliance.TryGetProperty("AssociatedStandards", out var associated) && associated.ValueKind == JsonValueKind.Array
            ? associated.EnumerateArray().Select(a => a.NonEmpty("StandardsId")).OfType<string>().ToList()
            : [];
        if (finding.Obj("ProductFields")?.NonEmpty("StandardsArn") is { } standardsArn && !standards.Contains(standardsArn))
        {
            standards.Add(standardsArn);
        }

        if (standards.Count > 0)
        {
            w.WriteStartArray("standards");
            standards.ForEach(w.WriteStringValue);
            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    /// <summary>ASFF Vulnerabilities[] → vulnerabilities: the id (a CVE as <c>cve.uid</c>), vendor, fix availability.</summary>
    private static void WriteVulnerabilities(Utf8JsonWriter w, JsonElement vulnerabilities)
    {
        w.WriteStartArray("vulnerabilities");
        foreach (var v in vulnerabilities.EnumerateArray().Take(FindingWriter.MaxVulnerabilities))
        {
            FindingWriter.WriteVulnerability(w, v.NonEmpty("Id"), v.Obj("Vendor")?.NonEmpty("Name"), v.Obj("Vendor")?.NonEmpty("VendorSeverity"),
                v.NonEmpty("FixAvailable") is { } fix ? fix.Equals("YES", StringComparison.OrdinalIgnoreCase) : null);
        }

        w.WriteEndArray();
    }
}
