using System.Text.Json;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.Aws.EventBridge;

/// <summary>
/// Security Hub's OCSF findings ("Findings Imported V2": <c>detail.findings[]</c> already in OCSF, one finding per
/// event). The finding is re-stated in OCSF 1.8.0 field by field rather than copied, because Security Hub writes an
/// older OCSF version and its own extensions: the class (Vulnerability 2002, Compliance 2003, Data Security 2006, else
/// Detection 2004), activity, severity and status when they are ids OCSF 1.8.0 enumerates, finding_info, cloud
/// account and region, resources, the compliance result, vulnerabilities, remediation and the first evidence's actor, address
/// and API call. Everything else stays in <c>unmapped</c>. <c>metadata.uid</c> is the EventBridge id when the event holds one finding, else <c>id/findings[i]</c>.
/// </summary>
internal static class SecurityHubOcsfFindingMapper
{
    public const string DetailType = "Findings Imported V2";

    private static readonly HashSet<string> Mapped = new(StringComparer.Ordinal)
    {
        "activity_id", "activity_name", "category_uid", "category_name", "class_uid", "class_name", "type_uid", "type_name",
        "severity_id", "severity", "status_id", "status", "time", "time_dt", "finding_info", "cloud", "resources", "compliance",
        "vulnerabilities", "remediation",
    };

    private static readonly HashSet<int> FindingStatusIds = [0, 1, 2, 3, 4, 5, 6, 99];

    public static IEnumerable<NormalizedEvent> Map(EventBridgeEnvelope e, JsonElement findings, ReadOnlySpan<byte> raw)
    {
        byte[] rawBytes = raw.ToArray();
        int count = findings.GetArrayLength();
        var events = new List<NormalizedEvent>(count);
        int i = 0;
        foreach (var finding in findings.EnumerateArray())
        {
            events.Add(MapOne(e, finding, count == 1 ? e.Uid : $"{e.Uid}/findings[{i}]", rawBytes));
            i++;
        }

        return events;
    }

    private static NormalizedEvent MapOne(EventBridgeEnvelope envelope, JsonElement finding, string uid, byte[] rawBytes)
    {
        var info = finding.Obj("finding_info");
        var e = TimeOf(finding, info) is { Ms: >= EventTime.EarliestPlausibleMs } own
            ? envelope with { TimeMs = own.Ms, SubstitutedMs = null, TimeText = own.Text }
            : envelope;
        bool vulnerable = finding.TryGetProperty("vulnerabilities", out var vulnerabilities) && vulnerabilities.ValueKind == JsonValueKind.Array
            && vulnerabilities.EnumerateArray().Any(v => v.ValueKind == JsonValueKind.Object);
        var cls = (Int(finding, "class_uid"), finding.Obj("compliance") is not null) switch
        {
            (2002, _) when vulnerable => OcsfClass.VulnerabilityFinding, // OCSF requires the vulnerabilities list
            (2002, _) => OcsfClass.DetectionFinding,
            (2003, _) or (_, true) => OcsfClass.ComplianceFinding,
            (2006, _) => OcsfClass.DataSecurityFinding,
            _ => OcsfClass.DetectionFinding,
        };
        int activityId = Int(finding, "activity_id") is int a and (>= 0 and <= 3 or 99) ? a : 1;
        int severityId = Int(finding, "severity_id") is int s and (>= 0 and <= 6 or 99) ? s
            : FindingWriter.SeverityFromLabel(finding.NonEmpty("severity")) is > 0 and var label ? label : OcsfEnums.SeverityInformational;
        var cloud = finding.Obj("cloud");
        string? account = cloud?.Obj("account")?.NonEmpty("uid") ?? e.Account;
        string? region = cloud?.NonEmpty("region") ?? e.Region;
        string product = finding.Obj("metadata")?.Obj("product")?.NonEmpty("name") ?? "Security Hub";
        var metadata = e.Metadata(product, uid) with { CorrelationUid = e.Uid };
        return AwsEventWriter.Write(cls.Uid, e.TimeMs, uid, account, region, w =>
        {
            OcsfHeader.Write(w, cls, activityId, finding.NonEmpty("activity_name"), e.TimeMs, severityId: severityId);
            WriteStatus(w, finding);
            w.WriteIfPresent("message", info?.NonEmpty("title"));
            AwsEventWriter.WriteMetadata(w, metadata);
            AwsEventWriter.WriteCloud(w, account, region);
            WriteFindingInfo(w, info, uid);
            if (cls == OcsfClass.ComplianceFinding && finding.Obj("compliance") is { } compliance)
            {
                WriteCompliance(w, compliance);
            }

            if (cls == OcsfClass.VulnerabilityFinding)
            {
                WriteVulnerabilities(w, vulnerabilities);
            }

            WriteFirstEvidence(w, finding);
            if (finding.Obj("remediation")?.NonEmpty("desc") is { } remediation)
            {
                w.WriteStartObject("remediation");
                w.WriteString("desc", remediation);
                w.WriteEndObject();
            }

            FindingWriter.WriteResources(w, Resources(finding));
            RawData.Write(w, rawBytes);
            AwsEventWriter.WriteUnmapped(w, finding, Mapped, e.WriteUnmappedEnvelope);
        });
    }

    /// <summary>The finding's own time and its text as written: <c>time</c>, else when it was last modified or created.</summary>
    private static (long Ms, string Text)? TimeOf(JsonElement finding, JsonElement? info) =>
        TimeWithText(finding, "time") ?? TimeWithText(finding, "time_dt") ?? TimeWithText(info, "modified_time") ?? TimeWithText(info, "modified_time_dt")
        ?? TimeWithText(info, "created_time") ?? TimeWithText(info, "created_time_dt");

    private static (long Ms, string Text)? TimeWithText(JsonElement? obj, string name) =>
        obj is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out var value) && EventTime.Plausible(OcsfTime.ParseAny(value)) is { } ms
            ? (ms, value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText())
            : null;

    private static long? Time(JsonElement? obj, string name) => TimeWithText(obj, name)?.Ms;

    private static int? Int(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int n) ? n : null;

    /// <summary>status_id when OCSF 1.8.0 enumerates it, with the finding's own caption; else the caption alone as Other.</summary>
    private static void WriteStatus(Utf8JsonWriter w, JsonElement finding)
    {
        string? caption = finding.NonEmpty("status");
        if (Int(finding, "status_id") is int id && FindingStatusIds.Contains(id))
        {
            w.WriteNumber("status_id", id);
            w.WriteIfPresent("status", caption);
        }
        else if (caption is not null)
        {
            FindingWriter.WriteWorkflowStatus(w, caption);
        }
    }

    private static void WriteFindingInfo(Utf8JsonWriter w, JsonElement? info, string fallbackUid)
    {
        w.WriteStartObject("finding_info");
        w.WriteString("uid", info?.NonEmpty("uid") ?? fallbackUid);
        w.WriteIfPresent("title", info?.NonEmpty("title"));
        w.WriteIfPresent("desc", info?.NonEmpty("desc"));
        if (info?.TryGetProperty("types", out var types) == true && types.ValueKind == JsonValueKind.Array
            && types.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String && t.GetString()!.Length > 0).ToList() is { Count: > 0 } strings)
        {
            w.WriteStartArray("types");
            strings.ForEach(t => w.WriteStringValue(t.GetString()));
            w.WriteEndArray();
        }

        foreach (string name in (string[])["created_time", "modified_time", "first_seen_time", "last_seen_time"])
        {
            if ((Time(info, name) ?? Time(info, name + "_dt")) is { } ms)
            {
                w.WriteNumber(name, ms);
            }
        }

        w.WriteIfPresent("product_uid", info?.NonEmpty("product_uid"));
        w.WriteEndObject();
    }

    /// <summary>compliance.status_id (Pass/Warning/Fail/Other), the control and the standards checked.</summary>
    private static void WriteCompliance(Utf8JsonWriter w, JsonElement compliance)
    {
        w.WriteStartObject("compliance");
        string? status = compliance.NonEmpty("status");
        int? statusId = Int(compliance, "status_id") is int id and (>= 0 and <= 3 or 99) ? id
            : status?.ToUpperInvariant() switch
            {
                "PASS" or "PASSED" => 1,
                "WARNING" => 2,
                "FAIL" or "FAILED" => 3,
                null => null,
                _ => 99,
            };
        if (statusId is int known)
        {
            w.WriteNumber("status_id", known);
        }

        w.WriteIfPresent("status", status);
        w.WriteIfPresent("control", compliance.NonEmpty("control"));
        if (compliance.TryGetProperty("standards", out var standards) && standards.ValueKind == JsonValueKind.Array
            && standards.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.String && s.GetString()!.Length > 0).ToList() is { Count: > 0 } list)
        {
            w.WriteStartArray("standards");
            list.ForEach(s => w.WriteStringValue(s.GetString()));
            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    /// <summary>Each vulnerability by its CVE, CWE or advisory id, vendor, severity and whether a fix exists.</summary>
    private static void WriteVulnerabilities(Utf8JsonWriter w, JsonElement vulnerabilities)
    {
        w.WriteStartArray("vulnerabilities");
        foreach (var v in vulnerabilities.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.Object).Take(FindingWriter.MaxVulnerabilities))
        {
            string? id = v.Obj("cve")?.NonEmpty("uid") ?? v.Obj("cwe")?.NonEmpty("uid") ?? v.Obj("advisory")?.NonEmpty("uid") ?? v.NonEmpty("title");
            bool? fix = v.TryGetProperty("is_fix_available", out var f) && f.ValueKind is JsonValueKind.True or JsonValueKind.False ? f.GetBoolean() : null;
            FindingWriter.WriteVulnerability(w, id, v.NonEmpty("vendor_name"), v.NonEmpty("severity"), fix, v.NonEmpty("desc"));
        }

        w.WriteEndArray();
    }

    /// <summary>
    /// Who, from where and which API call the first evidence names, as typed evidence; the full <c>evidences</c> list stays
    /// in <c>unmapped</c>, since OCSF 1.8.0's evidence objects differ from the version Security Hub writes.
    /// </summary>
    private static void WriteFirstEvidence(Utf8JsonWriter w, JsonElement finding)
    {
        if (!finding.TryGetProperty("evidences", out var evidences) || evidences.ValueKind != JsonValueKind.Array
            || evidences.EnumerateArray().FirstOrDefault(e => e.ValueKind == JsonValueKind.Object) is not { ValueKind: JsonValueKind.Object } first)
        {
            return;
        }

        var user = first.Obj("actor")?.Obj("user");
        var source = first.Obj("src_endpoint");
        FindingWriter.WriteEvidence(w, user?.NonEmpty("name") ?? user?.NonEmpty("uid"), source?.NonEmpty("ip"),
            source?.Obj("location")?.NonEmpty("city"), source?.Obj("location")?.NonEmpty("country"),
            first.Obj("http_request")?.NonEmpty("user_agent"), first.Obj("api")?.NonEmpty("operation"));
    }

    private static List<FindingResource> Resources(JsonElement finding) =>
        finding.TryGetProperty("resources", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.Object)
                .Select(r => new FindingResource(r.NonEmpty("uid"), r.NonEmpty("type"), r.NonEmpty("region"))).ToList()
            : [];
}
