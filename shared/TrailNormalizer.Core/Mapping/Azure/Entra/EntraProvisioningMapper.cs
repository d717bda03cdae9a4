using System.Text.Json;
using TrailNormalizer.Core.Mapping.Azure.Monitor;
using TrailNormalizer.Core.Ocsf;
using TrailNormalizer.Core.Rules;

namespace TrailNormalizer.Core.Mapping.Azure.Entra;

/// <summary>
/// Maps an Entra provisioning log (Graph <c>provisioningObjectSummary</c>, the <c>ProvisioningLogs</c> diagnostic category,
/// the <c>AADProvisioningLogs</c> table) onto Account Change (3001): the provisioning service creates, updates, disables or
/// deletes the target identity in the target system. The account is the target identity (else the source identity).
/// </summary>
internal static class EntraProvisioningMapper
{
    private static readonly HashSet<string> Mapped = new(EntraRecords.CommonMapped.Concat(["resultType", "resultSignature", "resultDescription"]), StringComparer.OrdinalIgnoreCase);

    public static NormalizedEvent Map(JsonElement record, JsonElement p, string category, ReadOnlySpan<byte> raw, long receivedMs)
    {
        var owned = new List<JsonDocument>();
        try
        {
            return MapParsed(record, p, category, raw, receivedMs, owned);
        }
        finally
        {
            owned.ForEach(d => d.Dispose());
        }
    }

    private static NormalizedEvent MapParsed(JsonElement record, JsonElement p, string category, ReadOnlySpan<byte> raw, long receivedMs, List<JsonDocument> owned)
    {
        var (sourceTime, original) = EntraRecords.Time(record, p);
        var (time, substituted) = EventTime.OrReceived(sourceTime, receivedMs);
        string? tenant = EntraRecords.Tenant(record, p);
        string uid = RawData.Uid(p.TextAnyCase("id") ?? record.TextAnyCase("id"), raw);
        string action = p.TextAnyCase("provisioningAction") ?? p.TextAnyCase("action") ?? "other";
        var account = Obj(p, "targetIdentity", owned) ?? Obj(p, "sourceIdentity", owned);
        var modified = Obj(p, "modifiedProperties", owned);
        int activityId = ActivityOf(action, modified);
        var statusInfo = Obj(p, "provisioningStatusInfo", owned) ?? Obj(p, "statusInfo", owned);
        var (statusId, statusCode, statusDetail) = Status(record, statusInfo);
        var initiator = Obj(p, "initiatedBy", owned);
        var servicePrincipal = Obj(p, "servicePrincipal", owned);
        string service = Obj(p, "targetSystem", owned)?.TextAnyCase("displayName") ?? servicePrincipal?.TextAnyCase("displayName") ?? EntraRecords.Product;

        using var ev = new OcsfEventBuffer();
        var w = ev.Writer;
        w.WriteStartObject();
        OcsfHeader.Write(w, OcsfClass.AccountChange, activityId, action, time, statusId, statusCode, statusDetail);
        AzureEventWriter.WriteMetadata(w, uid, EntraRecords.Product, original, substituted, record.TextAnyCase("operationName") ?? $"Provisioning: {action}",
            category, p.TextAnyCase("changeId") ?? record.TextAnyCase("correlationId"), record.TextAnyCase("operationVersion"));
        AzureEventWriter.WriteCloud(w, null, tenant, null);

        w.WriteStartObject("actor");
        w.WriteStartObject("user");
        w.WriteString("name", initiator?.TextAnyCase("displayName") ?? "Microsoft Entra provisioning service");
        w.WriteIfPresent("uid", initiator?.TextAnyCase("id") is { Length: > 0 } id ? id : null);
        w.WriteNumber("type_id", OcsfEnums.UserTypeService);
        w.WriteString("type", OcsfEnums.UserTypeCaption(OcsfEnums.UserTypeService));
        w.WriteEndObject();
        w.WriteIfPresent("app_name", servicePrincipal?.TextAnyCase("displayName") ?? servicePrincipal?.TextAnyCase("name"));
        w.WriteIfPresent("app_uid", servicePrincipal?.TextAnyCase("id") is { Length: > 0 } app ? app : null);
        w.WriteEndObject();

        w.WriteStartObject("api");
        w.WriteString("operation", action);
        w.WriteStartObject("service");
        w.WriteString("name", service);
        w.WriteEndObject();
        if (p.TextAnyCase("jobId") is { } job)
        {
            w.WriteStartObject("request");
            w.WriteString("uid", job);
            w.WriteEndObject();
        }

        w.WriteEndObject();
        AzureEventWriter.WriteSourceEndpoint(w, null, service);
        WriteUser(w, account);
        RawData.Write(w, raw);
        AzureEventWriter.WriteUnmapped(w, record, Mapped);
        w.WriteEndObject();
        return ev.Finish(OcsfClass.AccountChange.Uid, time, EntraRecords.Partition(tenant), uid, SourceKind.EntraAudit);
    }

    /// <summary>
    /// create → Create, disable → Disable, delete / stagedDelete → Delete; an update that sets <c>accountEnabled</c>
    /// enables or disables the account; other updates are Other named by the action.
    /// </summary>
    private static int ActivityOf(string action, JsonElement? modified) => action.ToUpperInvariant() switch
    {
        "CREATE" => 1,
        "DISABLE" => 5,
        "DELETE" or "STAGEDDELETE" => 6,
        "UPDATE" => AccountEnabled(modified) switch { true => 2, false => 5, null => 99 },
        _ => 99,
    };

    /// <summary>The new value of <c>accountEnabled</c> among the modified properties, else null.</summary>
    private static bool? AccountEnabled(JsonElement? modified)
    {
        if (modified is not { ValueKind: JsonValueKind.Array } list)
        {
            return null;
        }

        foreach (var property in list.EnumerateArray().Where(m => m.ValueKind == JsonValueKind.Object))
        {
            if (string.Equals(property.TextAnyCase("displayName") ?? property.TextAnyCase("name"), "accountEnabled", StringComparison.OrdinalIgnoreCase)
                && bool.TryParse(property.TextAnyCase("newValue")?.Trim('"', '[', ']', ' '), out bool enabled))
            {
                return enabled;
            }
        }

        return null;
    }

    /// <summary>
    /// <c>provisioningStatusInfo.status</c> (success, failure, skipped, warning), else the record's <c>resultType</c>:
    /// success → Success, failure → Failure with the error code and reason, skipped / warning → Other.
    /// </summary>
    private static (int Id, string? Code, string? Detail) Status(JsonElement record, JsonElement? statusInfo)
    {
        var error = statusInfo?.ObjAnyCase("errorInformation");
        string? status = statusInfo?.TextAnyCase("status") ?? record.TextAnyCase("resultType");
        string? code = error?.TextAnyCase("errorCode") ?? record.TextAnyCase("resultSignature");
        string? detail = error?.TextAnyCase("reason") ?? record.TextAnyCase("resultDescription");
        return status?.ToUpperInvariant() switch
        {
            null => (0, code, detail),
            "SUCCESS" or "SUCCEEDED" => (OcsfEnums.StatusSuccess, code is { Length: > 0 } && code != "None" ? code : null, detail),
            "FAILURE" or "FAILED" => (OcsfEnums.StatusFailure, code ?? status, detail),
            _ => (99, status, detail),
        };
    }

    /// <summary>The changed account: the identity's display name and id, typed by its <c>identityType</c>.</summary>
    private static void WriteUser(Utf8JsonWriter w, JsonElement? identity)
    {
        string? name = identity?.TextAnyCase("displayName") is { Length: > 0 } display ? display : null;
        string? id = identity?.TextAnyCase("id") is { Length: > 0 } value ? value : null;
        string? type = identity?.TextAnyCase("identityType");
        int typeId = type is null ? OcsfEnums.UserTypeUnknown
            : type.Equals("User", StringComparison.OrdinalIgnoreCase) ? OcsfEnums.UserTypeUser : OcsfEnums.UserTypeUnknown;
        w.WriteStartObject("user");
        w.WriteString("name", name ?? id ?? "unknown");
        w.WriteIfPresent("uid", id);
        w.WriteNumber("type_id", typeId);
        w.WriteString("type", OcsfEnums.UserTypeCaption(typeId));
        w.WriteEndObject();
    }

    /// <summary>An object or array field, or (Log Analytics stores them as text) a JSON-encoded one.</summary>
    private static JsonElement? Obj(JsonElement p, string name, List<JsonDocument> owned) => p.ObjOrArrayOrEncodedAnyCase(name, owned);
}
