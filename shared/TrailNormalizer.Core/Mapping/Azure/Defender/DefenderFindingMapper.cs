using System.Text.Json;
using TrailNormalizer.Core.Mapping.Azure.Monitor;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.Azure.Defender;

/// <summary>
/// Maps a Microsoft Defender for Cloud alert onto a Detection Finding (2004) and an assessment (security recommendation)
/// onto a Compliance Finding (2003), with the finding's own times, severity, status, resources and the entities the
/// alert names (see docs/mapping-azure-monitor.md).
/// </summary>
internal static class DefenderFindingMapper
{
    private const string DefaultProduct = "Microsoft Defender for Cloud";

    public static NormalizedEvent Map(DefenderRecord record, ReadOnlySpan<byte> raw, long receivedMs)
    {
        var owned = new List<JsonDocument>();
        try
        {
            return record.Kind == DefenderKind.Alert ? MapAlert(record, raw, receivedMs, owned) : MapAssessment(record, raw, receivedMs, owned);
        }
        finally
        {
            owned.ForEach(d => d.Dispose());
        }
    }

    private static NormalizedEvent MapAlert(DefenderRecord r, ReadOnlySpan<byte> raw, long receivedMs, List<JsonDocument> owned)
    {
        var (sourceTime, original) = FirstTime(r, "timeGeneratedUtc", "TimeGenerated", "startTimeUtc", "StartTime", "detectedTimeUtc", "reportedTimeUtc");
        var (time, substituted) = EventTime.OrReceived(sourceTime, receivedMs);
        var resources = AlertResources(r, owned);
        string uid = r.Text("systemAlertId", "SystemAlertId") ?? r.Root.TextAnyCase("name") ?? RawData.Uid(null, raw);
        string? alertId = r.Root.TextAnyCase("id");
        var scope = AzureResourceId.Parse(alertId) ?? resources.FirstOrDefault();

        using var ev = new OcsfEventBuffer();
        var w = ev.Writer;
        w.WriteStartObject();
        OcsfHeader.Write(w, OcsfClass.DetectionFinding, 1, null, time, severityId: Severity(r.Text("severity", "AlertSeverity")));
        WriteFindingStatus(w, r.Text("status", "Status"));
        WriteTimeRange(w, r.Text("startTimeUtc", "StartTime"), r.Text("endTimeUtc", "EndTime"));
        var context = new FindingContext(uid, Product(r.Text("productName", "ProductName")), original, substituted, r.Text("alertType", "AlertType"));
        string? region = Region(alertId);
        WriteCommon(w, r, context, scope, r.Text("azureResourceTenantId", "TenantId", "tenantId") ?? r.Root.TextAnyCase("tenantId"), region);

        w.WriteStartObject("finding_info");
        w.WriteString("uid", uid);
        w.WriteString("title", r.Text("alertDisplayName", "AlertName", "DisplayName") ?? r.Text("alertType", "AlertType") ?? "Defender for Cloud alert");
        w.WriteIfPresent("desc", r.Text("description", "Description"));
        w.WriteIfPresent("src_url", AbsoluteUrl(r.Text("alertUri", "AlertLink")));
        WriteTextArray(w, "types", r.Text("alertType", "AlertType"));
        WriteAttacks(w, r, owned);
        w.WriteEndObject();

        WriteRemediation(w, r.Json("remediationSteps", owned) ?? r.Json("RemediationSteps", owned), r.Text("remediationSteps", "RemediationSteps"));
        WriteResources(w, resources, r.Text("compromisedEntity", "CompromisedEntity"));
        WriteEntityEvidence(w, r.Json("entities", owned) ?? r.Json("Entities", owned));
        RawData.Write(w, raw);
        w.WriteEndObject();
        return ev.Finish(OcsfClass.DetectionFinding.Uid, time, AzureEventWriter.Partition(scope?.SubscriptionId, region), uid);
    }

    private static NormalizedEvent MapAssessment(DefenderRecord r, ReadOnlySpan<byte> raw, long receivedMs, List<JsonDocument> owned)
    {
        var status = r.Fields.ObjAnyCase("status");
        var metadata = r.Fields.ObjAnyCase("metadata");
        var (sourceTime, original) = status is { } s ? TimeOf(s, "statusChangeDate", "firstEvaluationDate") : (null, null);
        if (sourceTime is null)
        {
            (sourceTime, original) = FirstTime(r, "TimeGenerated", "StatusChangeDate", "FirstEvaluationDate", "timeGenerated");
        }

        var (time, substituted) = EventTime.OrReceived(sourceTime, receivedMs);
        string? resourceId = r.Fields.ObjAnyCase("resourceDetails") is { } details
            ? details.TextAnyCase("Id") ?? details.TextAnyCase("ResourceId") ?? details.TextAnyCase("id")
            : r.Text("AssessedResourceId", "ResourceId");
        var resource = AzureResourceId.Parse(resourceId);
        string? assessmentId = r.Root.TextAnyCase("id") ?? r.Text("RecommendationId", "AssessmentId");
        string uid = assessmentId ?? RawData.Uid(null, raw);
        string? state = status?.TextAnyCase("code") ?? r.Text("RecommendationState");
        string? title = r.Text("displayName", "RecommendationDisplayName") ?? metadata?.TextAnyCase("displayName") ?? r.Text("RecommendationName");
        string? severity = metadata?.TextAnyCase("severity") ?? r.Text("RecommendationSeverity", "severity");
        var scope = resource ?? AzureResourceId.Parse(assessmentId);

        using var ev = new OcsfEventBuffer();
        var w = ev.Writer;
        w.WriteStartObject();
        OcsfHeader.Write(w, OcsfClass.ComplianceFinding, 1, null, time, severityId: Severity(severity));
        var context = new FindingContext(uid, DefaultProduct, original, substituted, r.Root.TextAnyCase("type") ?? "SecurityRecommendation");
        string? region = r.Text("ResourceRegion")?.ToLowerInvariant();
        WriteCommon(w, r, context, scope, r.Text("TenantId", "tenantId") ?? r.Root.TextAnyCase("tenantId"), region);

        w.WriteStartObject("finding_info");
        w.WriteString("uid", uid);
        w.WriteString("title", title ?? "Defender for Cloud recommendation");
        w.WriteIfPresent("desc", status?.TextAnyCase("description") ?? metadata?.TextAnyCase("description") ?? r.Text("Description"));
        w.WriteIfPresent("src_url", AbsoluteUrl(r.Fields.ObjAnyCase("links")?.TextAnyCase("azurePortal") ?? r.Text("RecommendationLink")));
        if (metadata?.GetAnyCase("categories") is { ValueKind: JsonValueKind.Array } categories)
        {
            w.WritePropertyName("types");
            categories.WriteTo(w);
        }

        w.WriteEndObject();

        w.WriteStartObject("compliance");
        w.WriteIfPresent("control", r.Root.TextAnyCase("name") ?? r.Text("RecommendationName") ?? title);
        if (ComplianceStatus(state) is { } id)
        {
            w.WriteNumber("status_id", id);
            w.WriteString("status", id == 1 ? "Pass" : "Fail");
        }

        w.WriteIfPresent("status_code", state);
        w.WriteIfPresent("status_detail", status?.TextAnyCase("cause") ?? r.Text("NotApplicableReason"));
        w.WriteEndObject();

        WriteRemediation(w, null, metadata?.TextAnyCase("remediationDescription") ?? r.Text("RemediationDescription"));
        AzureEventWriter.WriteResources(w, resource);
        RawData.Write(w, raw);
        w.WriteEndObject();
        return ev.Finish(OcsfClass.ComplianceFinding.Uid, time, AzureEventWriter.Partition(scope?.SubscriptionId, region), uid);
    }

    /// <summary>The alert's product; Azure Security Center is Defender for Cloud's former name, so one product is reported for both.</summary>
    private static string Product(string? name) =>
        name is null || name.Equals("Azure Security Center", StringComparison.OrdinalIgnoreCase) ? DefaultProduct : name;

    /// <summary>What metadata and cloud need, besides the record.</summary>
    private sealed record FindingContext(string Uid, string Product, string? OriginalTime, long? Substituted, string? EventCode);

    /// <summary>Writes metadata (log_name: the Log Analytics table of a table row) and cloud.</summary>
    private static void WriteCommon(Utf8JsonWriter w, DefenderRecord r, FindingContext c, AzureResourceId? scope, string? tenant, string? region)
    {
        string? table = r.Root.HasAnyCase("properties") ? null : r.Root.TextAnyCase("Type");
        AzureEventWriter.WriteMetadata(w, c.Uid, c.Product, c.OriginalTime, c.Substituted, c.EventCode, table, null, null);
        AzureEventWriter.WriteCloud(w, scope?.SubscriptionId ?? r.Text("SubscriptionId")?.ToLowerInvariant(), tenant, region);
    }

    /// <summary>Defender alert status as the finding's status: Active/New → New, InProgress → In Progress, Dismissed → Suppressed, Resolved.</summary>
    private static void WriteFindingStatus(Utf8JsonWriter w, string? status)
    {
        int? id = status?.ToUpperInvariant() switch
        {
            "ACTIVE" or "NEW" => 1,
            "INPROGRESS" or "IN PROGRESS" => 2,
            "DISMISSED" => 3,
            "RESOLVED" => 4,
            null => null,
            _ => 99,
        };
        if (id is { } value)
        {
            w.WriteNumber("status_id", value);
            w.WriteString("status", value switch { 1 => "New", 2 => "In Progress", 3 => "Suppressed", 4 => "Resolved", _ => status });
        }
    }

    /// <summary>Healthy → 1 Pass, Unhealthy → 3 Fail; NotApplicable and unknown states have no compliance status.</summary>
    private static int? ComplianceStatus(string? state) => state?.ToUpperInvariant() switch
    {
        "HEALTHY" => 1,
        "UNHEALTHY" => 3,
        _ => null,
    };

    private static int Severity(string? severity) => severity?.ToUpperInvariant() switch
    {
        "CRITICAL" => 5,
        "HIGH" => 4,
        "MEDIUM" => 3,
        "LOW" => 2,
        _ => OcsfEnums.SeverityInformational,
    };

    private static void WriteTimeRange(Utf8JsonWriter w, string? start, string? end)
    {
        if (EventTime.Plausible(OcsfTime.ParseAny(start)) is { } startMs)
        {
            w.WriteNumber("start_time", startMs);
        }

        if (EventTime.Plausible(OcsfTime.ParseAny(end)) is { } endMs)
        {
            w.WriteNumber("end_time", endMs);
        }
    }

    /// <summary>ATT&amp;CK: <c>techniques</c> (T-ids) and <c>intent</c> / <c>Tactics</c> (comma-separated tactic names).</summary>
    private static void WriteAttacks(Utf8JsonWriter w, DefenderRecord r, List<JsonDocument> owned)
    {
        var techniques = (r.Json("techniques", owned) ?? r.Json("Techniques", owned)) is { ValueKind: JsonValueKind.Array } list
            ? list.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!).Where(t => t.Length > 0).ToList()
            : [];
        var tactics = (r.Text("intent", "Tactics") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(t => !t.Equals("Unknown", StringComparison.OrdinalIgnoreCase)).ToList();
        if (techniques.Count == 0 && tactics.Count == 0)
        {
            return;
        }

        w.WriteStartArray("attacks");
        foreach (string technique in techniques)
        {
            w.WriteStartObject();
            w.WriteStartObject("technique");
            w.WriteString("uid", technique);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        foreach (string tactic in tactics)
        {
            w.WriteStartObject();
            w.WriteStartObject("tactic");
            w.WriteString("name", tactic);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteRemediation(Utf8JsonWriter w, JsonElement? steps, string? text)
    {
        string? desc = steps is { ValueKind: JsonValueKind.Array } list
            ? string.Join("\n", list.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.String).Select(s => s.GetString()))
            : text;
        if (!string.IsNullOrWhiteSpace(desc))
        {
            w.WriteStartObject("remediation");
            w.WriteString("desc", desc);
            w.WriteEndObject();
        }
    }

    /// <summary>The Azure resources an alert names: <c>resourceIdentifiers[].azureResourceId</c>, else the table's <c>ResourceId</c>.</summary>
    private static List<AzureResourceId> AlertResources(DefenderRecord r, List<JsonDocument> owned)
    {
        var ids = new List<string>();
        if ((r.Json("resourceIdentifiers", owned) ?? r.Json("ResourceIdentifiers", owned)) is { ValueKind: JsonValueKind.Array } identifiers)
        {
            ids.AddRange(identifiers.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object)
                .Select(i => i.TextAnyCase("azureResourceId")).OfType<string>());
        }

        if (ids.Count == 0 && r.Text("ResourceId", "AzureResourceId") is { } single)
        {
            ids.Add(single);
        }

        return ids.Distinct(StringComparer.OrdinalIgnoreCase).Select(AzureResourceId.Parse).OfType<AzureResourceId>().ToList();
    }

    private static void WriteResources(Utf8JsonWriter w, List<AzureResourceId> resources, string? compromisedEntity)
    {
        bool entityNamed = compromisedEntity is null || resources.Any(r => string.Equals(r.Name, compromisedEntity, StringComparison.OrdinalIgnoreCase));
        if (resources.Count == 0 && entityNamed)
        {
            return;
        }

        w.WriteStartArray("resources");
        foreach (var resource in resources)
        {
            AzureEventWriter.WriteResource(w, resource);
        }

        if (!entityNamed)
        {
            w.WriteStartObject();
            w.WriteString("name", compromisedEntity);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>The alert's IP and account entities as evidence: who and from where.</summary>
    private static void WriteEntityEvidence(Utf8JsonWriter w, JsonElement? entities)
    {
        if (entities is not { ValueKind: JsonValueKind.Array } list)
        {
            return;
        }

        var evidence = new List<(string Kind, string Value)>();
        foreach (var entity in list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object))
        {
            string? type = entity.TextAnyCase("type")?.ToLowerInvariant();
            if (type == "ip" && entity.TextAnyCase("address") is { } address && System.Net.IPAddress.TryParse(address, out _))
            {
                evidence.Add(("ip", address));
            }
            else if (type == "account" && AccountName(entity) is { } name)
            {
                evidence.Add(("user", name));
            }
        }

        if (evidence.Count == 0)
        {
            return;
        }

        w.WriteStartArray("evidences");
        foreach (var (kind, value) in evidence.Distinct())
        {
            w.WriteStartObject();
            if (kind == "ip")
            {
                w.WriteStartObject("src_endpoint");
                w.WriteString("ip", value);
                w.WriteEndObject();
            }
            else
            {
                w.WriteStartObject("user");
                w.WriteString("name", value);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>An account entity's name: <c>name@upnSuffix</c>, <c>ntDomain\name</c> or the name alone.</summary>
    private static string? AccountName(JsonElement entity)
    {
        string? name = entity.TextAnyCase("name") ?? entity.TextAnyCase("accountName");
        if (string.IsNullOrEmpty(name))
        {
            return entity.TextAnyCase("aadUserId");
        }

        return entity.TextAnyCase("upnSuffix") is { } suffix ? $"{name}@{suffix}"
            : entity.TextAnyCase("ntDomain") is { } domain ? $"{domain}\\{name}"
            : name;
    }

    private static (long? Time, string? Original) FirstTime(DefenderRecord r, params string[] names)
    {
        foreach (string name in names)
        {
            if (r.Fields.GetAnyCase(name) is { } value)
            {
                return (OcsfTime.ParseAny(value), SourceJson.ValueText(value));
            }
        }

        return (null, null);
    }

    private static (long? Time, string? Original) TimeOf(JsonElement obj, params string[] names) =>
        AzureEventWriter.SourceTime(obj, names);

    /// <summary>The region of an alert id, <c>…/providers/Microsoft.Security/locations/{region}/alerts/…</c>.</summary>
    private static string? Region(string? id)
    {
        string[] parts = id?.Split('/') ?? [];
        int i = Array.FindIndex(parts, p => p.Equals("locations", StringComparison.OrdinalIgnoreCase));
        return i >= 0 && i + 1 < parts.Length ? parts[i + 1].ToLowerInvariant() : null;
    }

    private static string? AbsoluteUrl(string? url) =>
        url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? url : null;

    private static void WriteTextArray(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        w.WriteStartArray(name);
        w.WriteStringValue(value);
        w.WriteEndArray();
    }
}
