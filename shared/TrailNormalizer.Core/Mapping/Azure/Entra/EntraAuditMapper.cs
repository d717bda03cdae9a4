using System.Text.Json;
using TrailNormalizer.Core.Mapping.Azure.Monitor;
using TrailNormalizer.Core.Ocsf;
using TrailNormalizer.Core.Rules;

namespace TrailNormalizer.Core.Mapping.Azure.Entra;

/// <summary>
/// Entra audit logs → Account Change (3001) for the account, credential, MFA and role-assignment activities of
/// <see cref="EntraAuditCatalog"/>, else API Activity (6003) with the activity from operationType. The actor is
/// <c>initiatedBy.user</c> or <c>initiatedBy.app</c>; the changed account is the matching target resource.
/// </summary>
internal static class EntraAuditMapper
{
    private static readonly HashSet<string> Mapped = new(EntraRecords.CommonMapped.Concat(["result", "resultType", "resultSignature", "resultDescription"]), StringComparer.OrdinalIgnoreCase);

    /// <summary>Maps an audit record; <paramref name="p"/> is its <c>properties</c> object (or default when absent).</summary>
    public static NormalizedEvent Map(JsonElement record, JsonElement p, string? category, ReadOnlySpan<byte> raw, long receivedMs)
    {
        var (sourceTime, original) = EntraRecords.Time(record, p.ValueKind == JsonValueKind.Object ? p : null);
        var (time, substituted) = EventTime.OrReceived(sourceTime, receivedMs);
        string? tenant = EntraRecords.Tenant(record, p);
        string uid = RawData.Uid(p.TextAnyCase("id"), raw);
        string activity = p.TextAnyCase("activityDisplayName") ?? p.TextAnyCase("operationName") ?? record.TextAnyCase("operationName") ?? "unknown";
        string service = p.TextAnyCase("loggedByService") ?? EntraRecords.Product;

        var initiator = p.ObjAnyCase("initiatedBy");
        var initiatorUser = initiator?.ObjAnyCase("user");
        var initiatorApp = initiator?.ObjAnyCase("app");
        var change = EntraAuditCatalog.Find(activity);
        JsonElement? subject = change is null ? null : Subject(change.Subject, p, initiatorUser);
        var cls = change is not null && subject is not null ? OcsfClass.AccountChange : OcsfClass.ApiActivity;
        int activityId = cls == OcsfClass.AccountChange ? change!.ActivityId : EntraAuditCatalog.ApiActivityOf(p.TextAnyCase("operationType"));
        var (statusId, statusCode, statusDetail) = Status(record, p);
        bool unknownActor = initiatorUser is null && initiatorApp is null && record.TextAnyCase("identity") is null;

        using var ev = new OcsfEventBuffer();
        var w = ev.Writer;
        w.WriteStartObject();
        OcsfHeader.Write(w, cls, activityId, activity, time, statusId, statusCode, statusDetail);
        AzureEventWriter.WriteMetadata(w, uid, EntraRecords.Product, original, substituted, activity, p.TextAnyCase("category") ?? category,
            record.TextAnyCase("correlationId") ?? p.TextAnyCase("correlationId"), record.TextAnyCase("operationVersion"), unknownActor ? [AzureCaller.UnknownActorLabel] : null);
        AzureEventWriter.WriteCloud(w, null, tenant, null);

        WriteActor(w, initiatorUser, initiatorApp, record.TextAnyCase("identity"));
        w.WriteStartObject("api");
        w.WriteString("operation", activity);
        w.WriteStartObject("service");
        w.WriteString("name", service);
        w.WriteEndObject();
        if ((record.TextAnyCase("correlationId") ?? p.TextAnyCase("correlationId")) is { } correlation)
        {
            w.WriteStartObject("request");
            w.WriteString("uid", correlation);
            w.WriteEndObject();
        }

        w.WriteEndObject();

        string? address = initiatorUser?.TextAnyCase("ipAddress") ?? record.TextAnyCase("callerIpAddress") ?? AdditionalDetail(p, "ipaddr");
        AzureEventWriter.WriteSourceEndpoint(w, address, service);

        if (cls == OcsfClass.AccountChange)
        {
            WriteUser(w, subject!.Value, change!.Subject == EntraChangeSubject.TargetPrincipal);
        }
        else
        {
            WriteResources(w, p);
        }

        RawData.Write(w, raw);
        AzureEventWriter.WriteUnmapped(w, record, Mapped);
        w.WriteEndObject();

        return ev.Finish(cls.Uid, time, EntraRecords.Partition(tenant), uid, SourceKind.EntraAudit);
    }

    /// <summary>The account the change is about; null when the record does not name it (the event is then API Activity).</summary>
    private static JsonElement? Subject(EntraChangeSubject subject, JsonElement p, JsonElement? initiatorUser)
    {
        if (subject == EntraChangeSubject.Initiator)
        {
            return initiatorUser;
        }

        if (p.GetAnyCase("targetResources") is not { ValueKind: JsonValueKind.Array } targets)
        {
            return null;
        }

        foreach (var target in targets.EnumerateArray())
        {
            string? type = target.TextAnyCase("type");
            bool match = subject == EntraChangeSubject.TargetUser
                ? string.Equals(type, "User", StringComparison.OrdinalIgnoreCase)
                : string.Equals(type, "ServicePrincipal", StringComparison.OrdinalIgnoreCase) || string.Equals(type, "Application", StringComparison.OrdinalIgnoreCase);
            if (match && (target.TextAnyCase("id") ?? target.TextAnyCase("userPrincipalName") ?? target.TextAnyCase("displayName")) is not null)
            {
                return target;
            }
        }

        return null;
    }

    private static void WriteUser(Utf8JsonWriter w, JsonElement subject, bool principal)
    {
        w.WriteStartObject("user");
        string? upn = subject.TextAnyCase("userPrincipalName");
        string? display = subject.TextAnyCase("displayName");
        w.WriteString("name", upn ?? display ?? subject.TextAnyCase("id")!);
        w.WriteIfPresent("uid", subject.TextAnyCase("id"));
        if (upn is not null && display is not null)
        {
            w.WriteString("full_name", display);
        }

        int type = principal ? OcsfEnums.UserTypeService : OcsfEnums.UserTypeUser;
        w.WriteNumber("type_id", type);
        w.WriteString("type", OcsfEnums.UserTypeCaption(type));
        w.WriteEndObject();
    }

    private static void WriteActor(Utf8JsonWriter w, JsonElement? user, JsonElement? app, string? identity)
    {
        w.WriteStartObject("actor");
        if (user is { } u)
        {
            w.WriteStartObject("user");
            string? upn = u.TextAnyCase("userPrincipalName");
            string? display = u.TextAnyCase("displayName");
            w.WriteString("name", upn ?? display ?? u.TextAnyCase("id") ?? identity ?? "unknown");
            w.WriteIfPresent("uid", u.TextAnyCase("id"));
            if (upn is not null && display is not null)
            {
                w.WriteString("full_name", display);
            }

            w.WriteNumber("type_id", OcsfEnums.UserTypeUser);
            w.WriteString("type", "User");
            w.WriteEndObject();
        }
        else if (app is null)
        {
            // The record names no initiator object: the exporter's "identity" display name, else unknown (labelled).
            w.WriteStartObject("user");
            w.WriteString("name", identity ?? "unknown");
            w.WriteNumber("type_id", OcsfEnums.UserTypeUnknown);
            w.WriteString("type", "Unknown");
            w.WriteEndObject();
        }

        if (app is { } a)
        {
            string? appName = a.TextAnyCase("displayName");
            string? appUid = a.TextAnyCase("appId") ?? a.TextAnyCase("servicePrincipalId");
            w.WriteIfPresent("app_name", appName);
            w.WriteIfPresent("app_uid", appUid);
            if (appName is null && appUid is null)
            {
                w.WriteString("app_name", a.TextAnyCase("servicePrincipalName") ?? "unknown");
            }
        }

        w.WriteEndObject();
    }

    private static void WriteResources(Utf8JsonWriter w, JsonElement p)
    {
        if (p.GetAnyCase("targetResources") is not { ValueKind: JsonValueKind.Array } targets)
        {
            return;
        }

        var usable = targets.EnumerateArray().Where(t => t.TextAnyCase("id") is not null || t.TextAnyCase("displayName") is not null).ToList();
        if (usable.Count == 0)
        {
            return;
        }

        w.WriteStartArray("resources");
        foreach (var target in usable)
        {
            w.WriteStartObject();
            w.WriteIfPresent("uid", target.TextAnyCase("id"));
            w.WriteIfPresent("name", target.TextAnyCase("userPrincipalName") ?? target.TextAnyCase("displayName"));
            w.WriteIfPresent("type", target.TextAnyCase("type"));
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>success → Success, failure/failed → Failure (resultReason kept), timeout and others → Other, absent → Unknown.</summary>
    private static (int Id, string? Code, string? Detail) Status(JsonElement record, JsonElement p)
    {
        string? result = p.TextAnyCase("result") ?? record.TextAnyCase("result") ?? record.TextAnyCase("resultType");
        string? reason = p.TextAnyCase("resultReason") ?? record.TextAnyCase("resultDescription");
        return result?.ToUpperInvariant() switch
        {
            null => (0, null, reason),
            "SUCCESS" or "SUCCEEDED" or "0" => (OcsfEnums.StatusSuccess, null, reason),
            "FAILURE" or "FAILED" => (OcsfEnums.StatusFailure, result, reason),
            _ => (99, result, reason),
        };
    }

    /// <summary>A value from the audit record's additionalDetails [{key, value}] list.</summary>
    private static string? AdditionalDetail(JsonElement p, string key)
    {
        if (p.GetAnyCase("additionalDetails") is not { ValueKind: JsonValueKind.Array } details)
        {
            return null;
        }

        foreach (var detail in details.EnumerateArray())
        {
            if (string.Equals(detail.TextAnyCase("key"), key, StringComparison.OrdinalIgnoreCase))
            {
                return detail.TextAnyCase("value");
            }
        }

        return null;
    }
}
