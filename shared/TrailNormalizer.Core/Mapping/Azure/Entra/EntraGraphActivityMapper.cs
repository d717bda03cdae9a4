using System.Text.Json;
using TrailNormalizer.Core.Mapping.Azure.Monitor;
using TrailNormalizer.Core.Ocsf;
using TrailNormalizer.Core.Rules;

namespace TrailNormalizer.Core.Mapping.Azure.Entra;

/// <summary>
/// Microsoft Graph activity logs (one HTTP request to Microsoft Graph) → API Activity (6003): the calling user or
/// service principal and app, the client address, the method and URI (activity from the method), the user agent,
/// the response status (4xx/5xx are failures) and the requested Graph resource.
/// </summary>
internal static class EntraGraphActivityMapper
{
    private static readonly HashSet<string> Mapped = new(EntraRecords.CommonMapped.Concat(["resultSignature", "resultType", "resultDescription"]), StringComparer.OrdinalIgnoreCase);

    /// <summary>Maps a Graph activity record; <paramref name="p"/> holds its fields.</summary>
    public static NormalizedEvent Map(JsonElement record, JsonElement p, string category, ReadOnlySpan<byte> raw, long receivedMs)
    {
        var (sourceTime, original) = AzureEventWriter.SourceTime(record, "time", "timeGenerated");
        if (original is null)
        {
            (sourceTime, original) = AzureEventWriter.SourceTime(p, "timeGenerated");
        }

        var (time, substituted) = EventTime.OrReceived(sourceTime, receivedMs);
        string? tenant = EntraRecords.Tenant(record, p) ?? p.TextAnyCase("aadTenantId");
        string uid = RawData.Uid(p.TextAnyCase("requestId") ?? p.TextAnyCase("id"), raw);
        string method = (p.TextAnyCase("requestMethod") ?? "").ToUpperInvariant();
        string? uri = p.TextAnyCase("requestUri");
        string? path = PathOf(uri);
        string? userId = p.TextAnyCase("userId");
        string? principalId = p.TextAnyCase("servicePrincipalId");
        var (statusId, code, detail) = AzureOutcome.Of(record, p);
        int activity = method switch { "GET" or "HEAD" => 2, "POST" => 1, "PUT" or "PATCH" => 3, "DELETE" => 4, _ => 99 };
        bool unknownActor = userId is null && principalId is null && p.TextAnyCase("appId") is null;

        using var ev = new OcsfEventBuffer();
        var w = ev.Writer;
        w.WriteStartObject();
        OcsfHeader.Write(w, OcsfClass.ApiActivity, activity, method.Length > 0 ? method : "Graph request", time, statusId, code, detail);
        if (p.GetAnyCase("durationMs") is { ValueKind: JsonValueKind.Number } d && d.TryGetInt64(out long duration))
        {
            w.WriteNumber("duration", duration);
        }

        AzureEventWriter.WriteMetadata(w, uid, EntraRecords.Product, original, substituted, record.TextAnyCase("operationName") ?? "Microsoft Graph Activity",
            category, p.TextAnyCase("operationId") ?? record.TextAnyCase("correlationId"), record.TextAnyCase("operationVersion"), unknownActor ? [AzureCaller.UnknownActorLabel] : null);
        AzureEventWriter.WriteCloud(w, null, tenant, null);

        w.WriteStartObject("actor");
        if (userId is not null || principalId is not null || unknownActor)
        {
            w.WriteStartObject("user");
            if (userId is null && principalId is null)
            {
                w.WriteString("name", "unknown");
            }

            w.WriteIfPresent("uid", userId ?? principalId);
            int type = userId is not null ? OcsfEnums.UserTypeUser : principalId is not null ? OcsfEnums.UserTypeService : OcsfEnums.UserTypeUnknown;
            w.WriteNumber("type_id", type);
            w.WriteString("type", OcsfEnums.UserTypeCaption(type));
            w.WriteEndObject();
        }

        w.WriteIfPresent("app_uid", p.TextAnyCase("appId"));
        w.WriteEndObject();

        w.WriteStartObject("api");
        w.WriteString("operation", path is not null ? $"{method} {path}".Trim() : method.Length > 0 ? method : "unknown");
        w.WriteStartObject("service");
        w.WriteString("name", "Microsoft Graph");
        w.WriteEndObject();
        w.WriteIfPresent("version", p.TextAnyCase("apiVersion"));
        if (p.TextAnyCase("requestId") is { } requestId)
        {
            w.WriteStartObject("request");
            w.WriteString("uid", requestId);
            w.WriteEndObject();
        }

        w.WriteEndObject();

        AzureEventWriter.WriteSourceEndpoint(w, p.TextAnyCase("ipAddress") ?? record.TextAnyCase("callerIpAddress"), "graph.microsoft.com");
        w.WriteStartObject("http_request");
        w.WriteIfPresent("http_method", EventGrid.EventGridWriter.HttpMethod(method)); // OCSF allows only the standard verbs
        w.WriteIfPresent("uid", p.TextAnyCase("clientRequestId"));
        if (uri is not null)
        {
            w.WriteStartObject("url");
            w.WriteString("url_string", uri);
            w.WriteIfPresent("path", path);
            w.WriteEndObject();
        }

        w.WriteIfPresent("user_agent", p.TextAnyCase("userAgent"));
        w.WriteEndObject();
        if (AzureOutcome.HttpStatus(p.TextAnyCase("responseStatusCode")) is { } status)
        {
            w.WriteStartObject("http_response");
            w.WriteNumber("code", status);
            w.WriteEndObject();
        }

        if (path is not null)
        {
            w.WriteStartArray("resources");
            w.WriteStartObject();
            w.WriteString("uid", path);
            w.WriteString("type", "Microsoft Graph resource");
            w.WriteEndObject();
            w.WriteEndArray();
        }

        RawData.Write(w, raw);
        AzureEventWriter.WriteUnmapped(w, record, Mapped);
        w.WriteEndObject();

        return ev.Finish(OcsfClass.ApiActivity.Uid, time, AzureEventWriter.Partition(tenant, null), uid, SourceKind.EntraAudit);
    }

    /// <summary>The path of a request URI (<c>/v1.0/users/{id}</c>) without host or query; null when it is not a URI.</summary>
    private static string? PathOf(string? uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed) ? parsed.AbsolutePath : uri?.Split('?')[0];
}
