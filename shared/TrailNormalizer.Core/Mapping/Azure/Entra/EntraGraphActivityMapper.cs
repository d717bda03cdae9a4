using System.Text.Json;
using TrailNormalizer.Core.Mapping.Azure.Monitor;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.Azure.Entra;

/// <summary>
/// Microsoft Graph activity logs (one HTTP request to Microsoft Graph) → API Activity (6003): the calling user or
/// service principal and app, the client address, the method and URI (activity from the method), the user agent,
/// the response status (4xx/5xx are failures) and the requested Graph resource.
/// </summary>
public static class EntraGraphActivityMapper
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

        long time = sourceTime ?? receivedMs;
        string? tenant = EntraRecords.Tenant(record, p) ?? p.Val("aadTenantId");
        string uid = AzureEventWriter.Uid(p.Val("requestId") ?? p.Val("id"), raw);
        string method = (p.Val("requestMethod") ?? "").ToUpperInvariant();
        string? uri = p.Val("requestUri");
        string? path = PathOf(uri);
        string? userId = p.Val("userId");
        string? principalId = p.Val("servicePrincipalId");
        var (statusId, code, detail) = AzureOutcome.Of(record, p);
        int activity = method switch { "GET" or "HEAD" => 2, "POST" => 1, "PUT" or "PATCH" => 3, "DELETE" => 4, _ => 99 };
        bool unknownActor = userId is null && principalId is null && p.Val("appId") is null;

        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        using (var w = AzureEventWriter.NewWriter(buffer))
        {
            w.WriteStartObject();
            OcsfHeader.Write(w, OcsfClass.ApiActivity, activity, method.Length > 0 ? method : "Graph request", time, statusId, code, detail);
            if (p.Get("durationMs") is { ValueKind: JsonValueKind.Number } d && d.TryGetInt64(out long duration))
            {
                w.WriteNumber("duration", duration);
            }

            AzureEventWriter.WriteMetadata(w, uid, EntraRecords.Product, original, sourceTime, receivedMs, record.Val("operationName") ?? "Microsoft Graph Activity",
                category, p.Val("operationId") ?? record.Val("correlationId"), record.Val("operationVersion"), unknownActor ? [AzureCaller.UnknownActorLabel] : null);
            AzureEventWriter.WriteCloud(w, null, tenant, null);

            w.WriteStartObject("actor");
            if (userId is not null || principalId is not null || unknownActor)
            {
                w.WriteStartObject("user");
                if (userId is null && principalId is null)
                {
                    w.WriteString("name", "unknown");
                }

                AzureEventWriter.WriteIfPresent(w, "uid", userId ?? principalId);
                int type = userId is not null ? OcsfEnums.UserTypeUser : principalId is not null ? OcsfEnums.UserTypeService : OcsfEnums.UserTypeUnknown;
                w.WriteNumber("type_id", type);
                w.WriteString("type", OcsfEnums.UserTypeCaption(type));
                w.WriteEndObject();
            }

            AzureEventWriter.WriteIfPresent(w, "app_uid", p.Val("appId"));
            w.WriteEndObject();

            w.WriteStartObject("api");
            w.WriteString("operation", path is not null ? $"{method} {path}".Trim() : method.Length > 0 ? method : "unknown");
            w.WriteStartObject("service");
            w.WriteString("name", "Microsoft Graph");
            w.WriteEndObject();
            AzureEventWriter.WriteIfPresent(w, "version", p.Val("apiVersion"));
            if (p.Val("requestId") is { } requestId)
            {
                w.WriteStartObject("request");
                w.WriteString("uid", requestId);
                w.WriteEndObject();
            }

            w.WriteEndObject();

            AzureEventWriter.WriteSourceEndpoint(w, p.Val("ipAddress") ?? record.Val("callerIpAddress"), "graph.microsoft.com");
            w.WriteStartObject("http_request");
            AzureEventWriter.WriteIfPresent(w, "http_method", method.Length > 0 ? method : null);
            AzureEventWriter.WriteIfPresent(w, "uid", p.Val("clientRequestId"));
            if (uri is not null)
            {
                w.WriteStartObject("url");
                w.WriteString("url_string", uri);
                AzureEventWriter.WriteIfPresent(w, "path", path);
                w.WriteEndObject();
            }

            AzureEventWriter.WriteIfPresent(w, "user_agent", p.Val("userAgent"));
            w.WriteEndObject();
            if (AzureOutcome.HttpStatus(p.Val("responseStatusCode")) is { } status)
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

            AzureEventWriter.WriteRaw(w, raw);
            AzureEventWriter.WriteUnmapped(w, record, Mapped);
            w.WriteEndObject();
        }

        return new NormalizedEvent(buffer.WrittenSpan.ToArray(), OcsfClass.ApiActivity.Uid, time, AzureEventWriter.Partition(tenant, null), uid);
    }

    /// <summary>The path of a request URI (<c>/v1.0/users/{id}</c>) without host or query; null when it is not a URI.</summary>
    private static string? PathOf(string? uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed) ? parsed.AbsolutePath : uri?.Split('?')[0];
}
