using System.Text.Json;
using TrailNormalizer.Core.Mapping.Azure.Monitor;
using TrailNormalizer.Core.Ocsf;
using TrailNormalizer.Core.Rules;

namespace TrailNormalizer.Core.Mapping.Azure.Entra;

/// <summary>
/// Entra ID Protection → Detection Finding (2004): risk detections (UserRiskEvents, ServicePrincipalRiskEvents, Graph
/// <c>riskDetection</c>) are activity Create, risky users and principals (RiskyUsers, RiskyServicePrincipals, Graph
/// <c>riskyUser</c>) activity Update. The risk level is the finding's <c>risk_level</c> and severity, the risk state its
/// status; the user, client address, location and user agent are the finding's evidence.
/// </summary>
internal static class EntraRiskMapper
{
    /// <summary>The categories this mapper takes.</summary>
    public static readonly IReadOnlySet<string> Categories = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "UserRiskEvents", "ServicePrincipalRiskEvents", "RiskyUsers", "RiskyServicePrincipals",
    };

    private static readonly HashSet<string> Mapped = new(EntraRecords.CommonMapped, StringComparer.OrdinalIgnoreCase);

    /// <summary>Maps a risk detection or risky-user record; <paramref name="p"/> holds its fields.</summary>
    public static NormalizedEvent Map(JsonElement record, JsonElement p, string category, ReadOnlySpan<byte> raw, long receivedMs)
    {
        bool detection = category.EndsWith("RiskEvents", StringComparison.OrdinalIgnoreCase);
        var (sourceTime, original) = EntraRecords.Time(record, p);
        var (time, substituted) = EventTime.OrReceived(sourceTime, receivedMs);
        string? tenant = EntraRecords.Tenant(record, p);
        string uid = RawData.Uid(p.TextAnyCase("id"), raw);
        string? riskType = p.TextAnyCase("riskEventType");
        string? level = p.TextAnyCase("riskLevel");
        string? upn = p.TextAnyCase("userPrincipalName");
        string? subjectName = upn ?? p.TextAnyCase("userDisplayName") ?? p.TextAnyCase("servicePrincipalDisplayName") ?? p.TextAnyCase("displayName");
        string? subjectUid = p.TextAnyCase("userId") ?? p.TextAnyCase("servicePrincipalId") ?? (detection ? null : p.TextAnyCase("id"));
        string title = detection
            ? $"{riskType ?? "Risk detection"}{(subjectName is not null ? $" for {subjectName}" : "")}"
            : $"Risky {(category.Contains("ServicePrincipal", StringComparison.OrdinalIgnoreCase) ? "service principal" : "user")} {subjectName ?? subjectUid ?? ""}".TrimEnd();
        var info = AdditionalInfo(p);

        using var ev = new OcsfEventBuffer();
        var w = ev.Writer;
        w.WriteStartObject();
        OcsfHeader.Write(w, OcsfClass.DetectionFinding, detection ? 1 : 2, null, time, severityId: Severity(level));
        WriteFindingStatus(w, p.TextAnyCase("riskState"));
        w.WriteString("message", title);
        AzureEventWriter.WriteMetadata(w, uid, EntraRecords.Product, original, substituted, record.TextAnyCase("operationName") ?? riskType,
            category, record.TextAnyCase("correlationId") ?? p.TextAnyCase("correlationId"), record.TextAnyCase("operationVersion"));
        AzureEventWriter.WriteCloud(w, null, tenant, null);

        w.WriteStartObject("finding_info");
        w.WriteString("uid", uid);
        w.WriteString("title", title);
        w.WriteIfPresent("desc", p.TextAnyCase("riskDetail"));
        if (riskType is not null)
        {
            w.WriteStartArray("types");
            w.WriteStringValue(riskType);
            w.WriteEndArray();
        }

        WriteTime(w, "created_time", p.TextAnyCase("detectedDateTime"));
        WriteTime(w, "modified_time", p.TextAnyCase("lastUpdatedDateTime") ?? p.TextAnyCase("riskLastUpdatedDateTime"));
        WriteTime(w, "first_seen_time", p.TextAnyCase("activityDateTime"));
        w.WriteEndObject();

        WriteRiskLevel(w, level);
        string? address = p.TextAnyCase("ipAddress") ?? info.GetValueOrDefault("clientIp");
        var location = p.ObjAnyCase("location");
        bool hasUser = subjectName is not null || subjectUid is not null;
        bool hasEndpoint = address is not null || AzureEventWriter.HasLocation(location);

        // OCSF needs at least one of user, src_endpoint, … in an evidence: a detection naming neither has none.
        if (hasUser || hasEndpoint)
        {
            w.WriteStartArray("evidences");
            w.WriteStartObject();
            if (hasUser)
            {
                w.WriteStartObject("user");
                w.WriteIfPresent("name", subjectName);
                w.WriteIfPresent("uid", subjectUid);
                if (upn is not null && p.TextAnyCase("userDisplayName") is { } display)
                {
                    w.WriteString("full_name", display);
                }

                int type = p.TextAnyCase("servicePrincipalId") is not null && upn is null ? OcsfEnums.UserTypeService : OcsfEnums.UserTypeUser;
                w.WriteNumber("type_id", type);
                w.WriteString("type", OcsfEnums.UserTypeCaption(type));
                WriteRiskLevel(w, level);
                w.WriteEndObject();
            }

            if (hasEndpoint)
            {
                AzureEventWriter.WriteSourceEndpoint(w, address, EntraRecords.Product, location);
            }

            if (info.GetValueOrDefault("userAgent") is { } agent)
            {
                w.WriteStartObject("http_request");
                w.WriteString("user_agent", agent);
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteEndArray();
        }

        RawData.Write(w, raw);
        AzureEventWriter.WriteUnmapped(w, record, Mapped);
        w.WriteEndObject();

        return ev.Finish(OcsfClass.DetectionFinding.Uid, time,
            EntraRecords.Partition(tenant), uid, SourceKind.EntraAudit);
    }

    /// <summary>Writes <c>risk_level_id</c> / <c>risk_level</c> from Entra's low/medium/high/none/hidden; nothing when absent.</summary>
    public static void WriteRiskLevel(Utf8JsonWriter w, string? level)
    {
        if (level is null)
        {
            return;
        }

        var (id, caption) = level.ToLowerInvariant() switch
        {
            "none" => (0, "Info"),
            "low" => (1, "Low"),
            "medium" => (2, "Medium"),
            "high" => (3, "High"),
            _ => (99, level), // hidden, unknownFutureValue
        };
        w.WriteNumber("risk_level_id", id);
        w.WriteString("risk_level", caption);
    }

    /// <summary>Entra risk level as severity: high → High, medium → Medium, low → Low, else Informational.</summary>
    private static int Severity(string? level) => level?.ToLowerInvariant() switch
    {
        "high" => 4,
        "medium" => 3,
        "low" => 2,
        _ => OcsfEnums.SeverityInformational,
    };

    /// <summary>The risk state as the finding's status: atRisk New, dismissed Suppressed, remediated/confirmedSafe Resolved, other states Other.</summary>
    private static void WriteFindingStatus(Utf8JsonWriter w, string? state)
    {
        if (state is null)
        {
            return;
        }

        var (id, caption) = state.ToLowerInvariant() switch
        {
            "atrisk" => (1, "New"),
            "dismissed" => (3, "Suppressed"),
            "remediated" or "confirmedsafe" => (4, "Resolved"),
            _ => (99, state), // confirmedCompromised, none, …
        };
        w.WriteNumber("status_id", id);
        w.WriteString("status", caption);
        w.WriteString("status_code", state);
    }

    private static void WriteTime(Utf8JsonWriter w, string name, string? text)
    {
        if (EventTime.Plausible(OcsfTime.ParseAny(text)) is { } ms)
        {
            w.WriteNumber(name, ms);
        }
    }

    /// <summary>
    /// The detection's <c>additionalInfo</c> [{Key, Value}] list (a JSON-encoded string in Graph and diagnostic settings,
    /// an array in Log Analytics) as a dictionary of its text values.
    /// </summary>
    private static Dictionary<string, string> AdditionalInfo(JsonElement p)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var owned = new List<JsonDocument>();
        try
        {
            JsonElement? list = p.GetAnyCase("additionalInfo");
            if (list is { ValueKind: JsonValueKind.String } encoded && encoded.GetString() is { } text && text.TrimStart().StartsWith('['))
            {
                try
                {
                    var document = JsonDocument.Parse(text);
                    owned.Add(document);
                    list = document.RootElement;
                }
                catch (JsonException)
                {
                    list = null;
                }
            }

            if (list is { ValueKind: JsonValueKind.Array } items)
            {
                foreach (var item in items.EnumerateArray())
                {
                    if (item.TextAnyCase("Key") is { } key && item.GetAnyCase("Value") is { } value && SourceJson.ValueText(value) is { } valueText)
                    {
                        result.TryAdd(key, valueText);
                    }
                }
            }
        }
        finally
        {
            owned.ForEach(d => d.Dispose());
        }

        return result;
    }
}
