using System.Text.Json;
using TrailNormalizer.Core.Mapping.Azure.Monitor;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.Azure.Entra;

/// <summary>
/// Entra audit logs → Account Change (3001) for the account, credential, MFA and role-assignment activities of
/// <see cref="EntraAuditCatalog"/>, else API Activity (6003) with the activity from operationType. The actor is
/// <c>initiatedBy.user</c> or <c>initiatedBy.app</c>; the changed account is the matching target resource.
/// </summary>
public static class EntraAuditMapper
{
    private static readonly HashSet<string> Mapped = new(EntraRecords.CommonMapped.Concat(["result", "resultType", "resultSignature", "resultDescription"]), StringComparer.OrdinalIgnoreCase);

    /// <summary>Maps an audit record; <paramref name="p"/> is its <c>properties</c> object (or default when absent).</summary>
    public static NormalizedEvent Map(JsonElement record, JsonElement p, string? category, ReadOnlySpan<byte> raw, long receivedMs)
    {
        var (sourceTime, original) = EntraRecords.Time(record, p.ValueKind == JsonValueKind.Object ? p : null);
        long time = sourceTime ?? receivedMs;
        string? tenant = EntraRecords.Tenant(record, p);
        string uid = AzureEventWriter.Uid(p.Val("id"), raw);
        string activity = p.Val("activityDisplayName") ?? p.Val("operationName") ?? record.Val("operationName") ?? "unknown";
        string service = p.Val("loggedByService") ?? EntraRecords.Product;

        var initiator = p.ObjI("initiatedBy");
        var initiatorUser = initiator?.ObjI("user");
        var initiatorApp = initiator?.ObjI("app");
        var change = EntraAuditCatalog.Find(activity);
        JsonElement? subject = change is null ? null : Subject(change.Subject, p, initiatorUser);
        var cls = change is not null && subject is not null ? OcsfClass.AccountChange : OcsfClass.ApiActivity;
        int activityId = cls == OcsfClass.AccountChange ? change!.ActivityId : EntraAuditCatalog.ApiActivityOf(p.Val("operationType"));
        var (statusId, statusCode, statusDetail) = Status(record, p);
        bool unknownActor = initiatorUser is null && initiatorApp is null && record.Val("identity") is null;

        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        using (var w = AzureEventWriter.NewWriter(buffer))
        {
            w.WriteStartObject();
            OcsfHeader.Write(w, cls, activityId, activity, time, statusId, statusCode, statusDetail);
            AzureEventWriter.WriteMetadata(w, uid, EntraRecords.Product, original, sourceTime, receivedMs, activity, p.Val("category") ?? category,
                record.Val("correlationId") ?? p.Val("correlationId"), record.Val("operationVersion"), unknownActor ? [AzureCaller.UnknownActorLabel] : null);
            AzureEventWriter.WriteCloud(w, null, tenant, null);

            WriteActor(w, initiatorUser, initiatorApp, record.Val("identity"));
            w.WriteStartObject("api");
            w.WriteString("operation", activity);
            w.WriteStartObject("service");
            w.WriteString("name", service);
            w.WriteEndObject();
            if ((record.Val("correlationId") ?? p.Val("correlationId")) is { } correlation)
            {
                w.WriteStartObject("request");
                w.WriteString("uid", correlation);
                w.WriteEndObject();
            }

            w.WriteEndObject();

            string? address = initiatorUser?.Val("ipAddress") ?? record.Val("callerIpAddress") ?? AdditionalDetail(p, "ipaddr");
            AzureEventWriter.WriteSourceEndpoint(w, address, service);

            if (cls == OcsfClass.AccountChange)
            {
                WriteUser(w, subject!.Value, change!.Subject == EntraChangeSubject.TargetPrincipal);
            }
            else
            {
                WriteResources(w, p);
            }

            AzureEventWriter.WriteRaw(w, raw);
            AzureEventWriter.WriteUnmapped(w, record, Mapped);
            w.WriteEndObject();
        }

        return new NormalizedEvent(buffer.WrittenSpan.ToArray(), cls.Uid, time, EntraRecords.Partition(tenant), uid);
    }

    /// <summary>The account the change is about; null when the record does not name it (the event is then API Activity).</summary>
    private static JsonElement? Subject(EntraChangeSubject subject, JsonElement p, JsonElement? initiatorUser)
    {
        if (subject == EntraChangeSubject.Initiator)
        {
            return initiatorUser;
        }

        if (p.Get("targetResources") is not { ValueKind: JsonValueKind.Array } targets)
        {
            return null;
        }

        foreach (var target in targets.EnumerateArray())
        {
            string? type = target.Val("type");
            bool match = subject == EntraChangeSubject.TargetUser
                ? string.Equals(type, "User", StringComparison.OrdinalIgnoreCase)
                : string.Equals(type, "ServicePrincipal", StringComparison.OrdinalIgnoreCase) || string.Equals(type, "Application", StringComparison.OrdinalIgnoreCase);
            if (match && (target.Val("id") ?? target.Val("userPrincipalName") ?? target.Val("displayName")) is not null)
            {
                return target;
            }
        }

        return null;
    }

    private static void WriteUser(Utf8JsonWriter w, JsonElement subject, bool principal)
    {
        w.WriteStartObject("user");
        string? upn = subject.Val("userPrincipalName");
        string? display = subject.Val("displayName");
        w.WriteString("name", upn ?? display ?? subject.Val("id")!);
        AzureEventWriter.WriteIfPresent(w, "uid", subject.Val("id"));
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
            string? upn = u.Val("userPrincipalName");
            string? display = u.Val("displayName");
            w.WriteString("name", upn ?? display ?? u.Val("id") ?? identity ?? "unknown");
            AzureEventWriter.WriteIfPresent(w, "uid", u.Val("id"));
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
            string? appName = a.Val("displayName");
            string? appUid = a.Val("appId") ?? a.Val("servicePrincipalId");
            AzureEventWriter.WriteIfPresent(w, "app_name", appName);
            AzureEventWriter.WriteIfPresent(w, "app_uid", appUid);
            if (appName is null && appUid is null)
            {
                w.WriteString("app_name", a.Val("servicePrincipalName") ?? "unknown");
            }
        }

        w.WriteEndObject();
    }

    private static void WriteResources(Utf8JsonWriter w, JsonElement p)
    {
        if (p.Get("targetResources") is not { ValueKind: JsonValueKind.Array } targets)
        {
            return;
        }

        var usable = targets.EnumerateArray().Where(t => t.Val("id") is not null || t.Val("displayName") is not null).ToList();
        if (usable.Count == 0)
        {
            return;
        }

        w.WriteStartArray("resources");
        foreach (var target in usable)
        {
            w.WriteStartObject();
            AzureEventWriter.WriteIfPresent(w, "uid", target.Val("id"));
            AzureEventWriter.WriteIfPresent(w, "name", target.Val("userPrincipalName") ?? target.Val("displayName"));
            AzureEventWriter.WriteIfPresent(w, "type", target.Val("type"));
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>success → Success, failure/failed → Failure (resultReason kept), timeout and others → Other, absent → Unknown.</summary>
    private static (int Id, string? Code, string? Detail) Status(JsonElement record, JsonElement p)
    {
        string? result = p.Val("result") ?? record.Val("result") ?? record.Val("resultType");
        string? reason = p.Val("resultReason") ?? record.Val("resultDescription");
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
        if (p.Get("additionalDetails") is not { ValueKind: JsonValueKind.Array } details)
        {
            return null;
        }

        foreach (var detail in details.EnumerateArray())
        {
            if (string.Equals(detail.Val("key"), key, StringComparison.OrdinalIgnoreCase))
            {
                return detail.Val("value");
            }
        }

        return null;
    }
}
