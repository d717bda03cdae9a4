using System.Text.Json;
using TrailNormalizer.Core.Mapping.CloudTrail;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.Azure.Monitor;

/// <summary>
/// Maps an AKS control-plane audit record (resource-log categories <c>kube-audit</c> and <c>kube-audit-admin</c>) onto
/// API Activity. The Kubernetes audit event is JSON-encoded in <c>properties.log</c>; who (<c>user.username</c>), from
/// where (<c>sourceIPs</c>), what (<c>verb</c>, <c>objectRef</c>) and the outcome (<c>responseStatus.code</c>) come from it.
/// </summary>
internal static class KubeAuditMapper
{
    private const string Product = "Azure Kubernetes Service";

    private static readonly HashSet<string> Mapped = new(StringComparer.OrdinalIgnoreCase)
    {
        "time", "operationName", "category", "resourceId", "properties",
    };

    /// <summary>The AKS audit categories.</summary>
    public static bool IsKubeAudit(string? category) =>
        string.Equals(category, "kube-audit", StringComparison.OrdinalIgnoreCase) || string.Equals(category, "kube-audit-admin", StringComparison.OrdinalIgnoreCase);

    /// <summary>Maps the record; null when <c>properties.log</c> is not a Kubernetes audit event (the generic mapping then applies).</summary>
    public static NormalizedEvent? Map(JsonElement record, ReadOnlySpan<byte> raw, long receivedMs)
    {
        if (record.ObjAnyCase("properties")?.GetAnyCase("log") is not { ValueKind: JsonValueKind.String } encoded)
        {
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(encoded.GetString()!);
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            return document.RootElement is { ValueKind: JsonValueKind.Object } audit && audit.TextAnyCase("verb") is not null
                ? MapAudit(record, audit, raw, receivedMs)
                : null;
        }
    }

    private static NormalizedEvent MapAudit(JsonElement record, JsonElement audit, ReadOnlySpan<byte> raw, long receivedMs)
    {
        var (sourceTime, original) = AzureEventWriter.SourceTime(audit, "stageTimestamp", "requestReceivedTimestamp");
        if (sourceTime is null)
        {
            (sourceTime, original) = AzureEventWriter.SourceTime(record, "time", "timeGenerated");
        }

        var (time, substituted) = EventTime.OrReceived(sourceTime, receivedMs);
        var cluster = AzureResourceId.Parse(record.TextAnyCase("resourceId"));
        string verb = audit.TextAnyCase("verb")!;
        var objectRef = audit.ObjAnyCase("objectRef");
        string? resourceType = objectRef?.TextAnyCase("resource");
        int? code = audit.ObjAnyCase("responseStatus")?.GetAnyCase("code") is { ValueKind: JsonValueKind.Number } c && c.TryGetInt32(out int n) ? n : null;
        int statusId = code is null ? 0 : code < 400 ? OcsfEnums.StatusSuccess : OcsfEnums.StatusFailure;
        string? statusDetail = code >= 400 ? audit.ObjAnyCase("responseStatus")?.TextAnyCase("message") ?? audit.ObjAnyCase("responseStatus")?.TextAnyCase("reason") : null;
        int activity = ActivityOf(verb);
        string uid = RawData.Uid(audit.TextAnyCase("auditID"), raw);
        string? address = audit.GetAnyCase("sourceIPs") is { ValueKind: JsonValueKind.Array } ips && ips.GetArrayLength() > 0 ? ips[0].GetString() : null;

        using var ev = new OcsfEventBuffer();
        var w = ev.Writer;
        w.WriteStartObject();
        OcsfHeader.Write(w, OcsfClass.ApiActivity, activity, verb, time, statusId, code?.ToString(System.Globalization.CultureInfo.InvariantCulture), statusDetail);
        AzureEventWriter.WriteMetadata(w, uid, Product, original, substituted, record.TextAnyCase("operationName"), record.TextAnyCase("category"),
            null, audit.TextAnyCase("apiVersion"));
        AzureEventWriter.WriteCloud(w, cluster?.SubscriptionId, null, null);

        WriteActor(w, audit);
        AzureEventWriter.WriteSourceEndpoint(w, address, "Microsoft.ContainerService");

        w.WriteStartObject("api");
        w.WriteString("operation", resourceType is null ? verb : $"{verb} {resourceType}");
        w.WriteStartObject("service");
        w.WriteString("name", "kube-apiserver");
        w.WriteEndObject();
        w.WriteStartObject("request");
        w.WriteString("uid", uid);
        w.WriteEndObject();
        if (code is { } responseCode)
        {
            w.WriteStartObject("response");
            w.WriteNumber("code", responseCode);
            w.WriteEndObject();
        }

        w.WriteEndObject();

        string? agent = audit.TextAnyCase("userAgent");
        string? uri = audit.TextAnyCase("requestURI");
        if (agent is not null || uri is not null)
        {
            w.WriteStartObject("http_request");
            w.WriteIfPresent("user_agent", agent);
            if (uri is not null)
            {
                w.WriteStartObject("url");
                w.WriteString("url_string", uri);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        WriteResources(w, objectRef, cluster);
        RawData.Write(w, raw);
        AzureEventWriter.WriteUnmapped(w, record, Mapped);
        w.WriteEndObject();
        return ev.Finish(OcsfClass.ApiActivity.Uid, time, AzureEventWriter.Partition(cluster?.SubscriptionId, null), uid);
    }

    /// <summary>Kubernetes verbs: create → Create; get, list, watch → Read; update, patch → Update; delete, deletecollection → Delete; else Other.</summary>
    private static int ActivityOf(string verb) => verb.ToLowerInvariant() switch
    {
        "create" => ApiVerbs.Create,
        "get" or "list" or "watch" => ApiVerbs.Read,
        "update" or "patch" => ApiVerbs.Update,
        "delete" or "deletecollection" => ApiVerbs.Delete,
        _ => ApiVerbs.Other,
    };

    /// <summary>The authenticated user; service accounts (<c>system:serviceaccount:…</c>) are Service, the rest User.</summary>
    private static void WriteActor(Utf8JsonWriter w, JsonElement audit)
    {
        var user = audit.ObjAnyCase("impersonatedUser") ?? audit.ObjAnyCase("user");
        string name = user?.TextAnyCase("username") is { Length: > 0 } username ? username : "unknown";
        int type = name == "unknown" ? OcsfEnums.UserTypeUnknown
            : name.StartsWith("system:", StringComparison.Ordinal) ? OcsfEnums.UserTypeService : OcsfEnums.UserTypeUser;
        w.WriteStartObject("actor");
        w.WriteStartObject("user");
        w.WriteString("name", name);
        w.WriteIfPresent("uid", user?.TextAnyCase("uid"));
        w.WriteNumber("type_id", type);
        w.WriteString("type", OcsfEnums.UserTypeCaption(type));
        if (user?.GetAnyCase("groups") is { ValueKind: JsonValueKind.Array } groups && groups.GetArrayLength() > 0)
        {
            w.WriteStartArray("groups");
            foreach (var group in groups.EnumerateArray().Where(g => g.ValueKind == JsonValueKind.String))
            {
                w.WriteStartObject();
                w.WriteString("name", group.GetString());
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>The Kubernetes object (type = its resource, with its namespace as the group) and the cluster.</summary>
    private static void WriteResources(Utf8JsonWriter w, JsonElement? objectRef, AzureResourceId? cluster)
    {
        string? resource = objectRef?.TextAnyCase("resource");
        string? name = objectRef?.TextAnyCase("name");
        string? ns = objectRef?.TextAnyCase("namespace");
        if (resource is null && cluster is null)
        {
            return;
        }

        w.WriteStartArray("resources");
        if (resource is not null)
        {
            w.WriteStartObject();
            w.WriteString("name", name ?? resource);
            w.WriteString("type", objectRef?.TextAnyCase("subresource") is { } sub ? $"{resource}/{sub}" : resource);
            if (ns is not null)
            {
                w.WriteStartObject("group");
                w.WriteString("name", ns);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        if (cluster is not null)
        {
            w.WriteStartObject();
            w.WriteString("uid", cluster.Id);
            w.WriteIfPresent("name", cluster.Name);
            w.WriteIfPresent("type", cluster.Type);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
