using System.Buffers;
using System.Text.Json;
using TrailNormalizer.Core.Ocsf;
using TrailNormalizer.Core.Rules;

namespace TrailNormalizer.Core.Mapping.Azure.Monitor;

/// <summary>
/// Maps one Azure Monitor record (Activity Log in records or REST shape, Notification Hubs operational logs,
/// Key Vault audit events, other resource logs) onto OCSF 1.8.0 with the cloud profile; the class comes from
/// <see cref="AzureMonitorCatalog"/>. Field names are read case-insensitively.
/// </summary>
internal static class AzureMonitorRecordMapper
{
    /// <summary>Top-level fields the mapping consumes in full; every other one goes to <c>unmapped</c>.</summary>
    private static readonly HashSet<string> MappedFields = new(StringComparer.OrdinalIgnoreCase)
    {
        "time", "eventTimestamp", "operationName", "category", "callerIpAddress", "correlationId", "eventDataId",
        "resourceId", "subscriptionId", "tenantId", "location", "operationVersion", "caller", "durationMs", "uri", "requestUri",
        "callerIdentity", "resourceProviderName", "resourceType", "resourceGroupName",
    };

    /// <summary>Status fields: mapped to status_* except on findings, whose status enum means something else.</summary>
    private static readonly HashSet<string> StatusFields = new(StringComparer.OrdinalIgnoreCase)
    {
        "resultType", "status", "subStatus", "resultSignature", "resultDescription", "statusCode", "statusText", "httpStatusCode",
    };

    /// <summary>Maps <paramref name="record"/>, received as <paramref name="raw"/>.</summary>
    public static NormalizedEvent Map(JsonElement record, ReadOnlySpan<byte> raw, long receivedMs)
    {
        string operation = record.TextAnyCase("operationName") ?? "";
        string? category = record.TextAnyCase("category");
        if (KubeAuditMapper.IsKubeAudit(category) && KubeAuditMapper.Map(record, raw, receivedMs) is { } kubeAudit)
        {
            return kubeAudit;
        }

        var resource = AzureResourceId.Parse(record.TextAnyCase("resourceId"));
        var source = AzureMonitorCatalog.SourceOf(category, resource?.Id, operation);
        var owned = new List<JsonDocument>();
        try
        {
            var nhIdentity = source == AzureMonitorSource.NotificationHubs ? record.ObjOrEncodedAnyCase("callerIdentity", owned) : null;
            return MapSource(record, raw, receivedMs, operation, category, resource, source, nhIdentity);
        }
        finally
        {
            owned.ForEach(d => d.Dispose());
        }
    }

    private static NormalizedEvent MapSource(
        JsonElement record, ReadOnlySpan<byte> raw, long receivedMs, string operation, string? category,
        AzureResourceId? resource, AzureMonitorSource source, JsonElement? nhIdentity)
    {
        var (sourceTime, originalTime) = AzureEventWriter.SourceTime(record, "time", "eventTimestamp", "timeGenerated");
        var (time, substituted) = EventTime.OrReceived(sourceTime, receivedMs);
        var properties = record.ObjAnyCase("properties");
        bool created = string.Equals(properties?.TextAnyCase("statusCode"), "Created", StringComparison.OrdinalIgnoreCase)
            || (record.TextAnyCase("resultSignature")?.EndsWith(".Created", StringComparison.OrdinalIgnoreCase) ?? false);

        var target = source == AzureMonitorSource.Activity
            ? AzureMonitorCatalog.ClassifyActivity(category, operation, created)
            : Verb(operation);
        var cls = target.Class;
        bool finding = cls == OcsfClass.ComplianceFinding || cls == OcsfClass.DetectionFinding;

        string? subscription = record.TextAnyCase("subscriptionId")?.ToLowerInvariant() ?? resource?.SubscriptionId;
        string? tenant = record.TextAnyCase("tenantId");
        string? region = AzureEventWriter.Region(record.TextAnyCase("location"));
        string uid = RawData.Uid(record.TextAnyCase("eventDataId"), raw);
        string product = AzureMonitorCatalog.ProductName(source, resource?.Provider ?? AzureMonitorCatalog.ProviderOfCategory(category));
        var caller = AzureCaller.From(record, nhIdentity);
        if (caller.IsUnknown && source != AzureMonitorSource.Activity && ResourceLogFacts.Principal(properties) is { } principal)
        {
            caller = principal;
        }

        bool writesActor = cls == OcsfClass.ApiActivity || cls == OcsfClass.EventLogActivity;
        var labels = writesActor && caller.IsUnknown ? new[] { AzureCaller.UnknownActorLabel } : null;
        string? correlation = record.TextAnyCase("correlationId");
        string? address = record.TextAnyCase("callerIpAddress") ?? record.ObjAnyCase("httpRequest")?.TextAnyCase("clientIpAddress") ?? caller.ClaimedIp
            ?? ResourceLogFacts.ClientIp(properties);
        string provider = ProviderOf(operation) ?? AzureMonitorCatalog.CanonicalProvider(resource?.Provider) ?? AzureMonitorCatalog.ProviderOfCategory(category) ?? product;

        var (statusId, statusCode, statusDetail) = AzureOutcome.Of(record, properties);
        int severity = finding ? AzureActivityFindingWriter.Severity(record, properties) : OcsfEnums.SeverityInformational;

        using var ev = new OcsfEventBuffer();
        var w = ev.Writer;
        w.WriteStartObject();
        OcsfHeader.Write(w, cls, target.ActivityId, target.OtherName, time,
            finding ? null : statusId, finding ? null : statusCode, finding ? null : statusDetail, severity);
        if (record.GetAnyCase("durationMs") is { ValueKind: JsonValueKind.Number } d && d.TryGetInt64(out long duration))
        {
            w.WriteNumber("duration", duration);
        }

        AzureEventWriter.WriteMetadata(w, uid, product, originalTime, substituted, operation.Length > 0 ? operation : null,
            category, correlation, null, labels);
        AzureEventWriter.WriteCloud(w, subscription, tenant, region);

        WriteApi(w, record, operation, provider, correlation, properties);

        if (writesActor)
        {
            caller.WriteActor(w);
            AzureEventWriter.WriteSourceEndpoint(w, address, provider);
        }

        if (cls == OcsfClass.ApiActivity)
        {
            WriteHttpRequest(w, record, properties);
            AzureEventWriter.WriteResources(w, resource, source == AzureMonitorSource.KeyVault ? properties?.TextAnyCase("id") : null);
        }
        else if (cls == OcsfClass.EventLogActivity)
        {
            w.WriteString("log_name", resource?.Id ?? operation);
            w.WriteString("log_provider", provider);
        }
        else if (finding)
        {
            AzureActivityFindingWriter.Write(w, record, uid, operation, category, properties);
            AzureActivityFindingWriter.WriteEvidence(w, caller, address, provider);
            AzureEventWriter.WriteResources(w, resource);
        }
        else
        {
            w.WriteString("message", record.GetAnyCase("operationName") is { ValueKind: JsonValueKind.Object } op && op.TextAnyCase("localizedValue") is { } text ? text : operation);
        }

        RawData.Write(w, raw);
        var mapped = finding ? MappedFields : new HashSet<string>(MappedFields.Concat(StatusFields), StringComparer.OrdinalIgnoreCase);
        AzureEventWriter.WriteUnmapped(w, record, mapped);
        w.WriteEndObject();

        return ev.Finish(cls.Uid, time, AzureEventWriter.Partition(subscription ?? tenant, region), uid, AzureMonitorCatalog.RuleKind(source, product));
    }

    /// <summary>Non-Activity records are API calls: the activity from the operation's verb.</summary>
    private static AzureEventClass Verb(string operation)
    {
        int activity = AzureOperationVerbs.ActivityOf(operation);
        return new AzureEventClass(OcsfClass.ApiActivity, activity, activity == CloudTrail.ApiVerbs.Other ? AzureMonitorCatalog.OtherName(operation) : null);
    }

    /// <summary>The resource provider namespace of an ARM operation (<c>Microsoft.Network</c>), else null.</summary>
    private static string? ProviderOf(string operation) =>
        AzureMonitorCatalog.IsArmOperation(operation) ? operation[..operation.IndexOf('/', StringComparison.Ordinal)] : null;

    private static void WriteApi(Utf8JsonWriter w, JsonElement record, string operation, string provider, string? correlation, JsonElement? properties)
    {
        w.WriteStartObject("api");
        w.WriteString("operation", operation.Length > 0 ? operation : "unknown");
        w.WriteStartObject("service");
        w.WriteString("name", provider);
        w.WriteEndObject();
        w.WriteIfPresent("version", record.TextAnyCase("operationVersion"));
        string? requestId = correlation ?? properties?.TextAnyCase("serviceRequestId") ?? properties?.TextAnyCase("requestId");
        if (requestId is not null)
        {
            w.WriteStartObject("request");
            w.WriteString("uid", requestId);
            w.WriteEndObject();
        }

        if ((record.GetAnyCase("httpStatusCode") ?? record.GetAnyCase("statusCode")) is { ValueKind: JsonValueKind.Number } code && code.TryGetInt32(out int c))
        {
            w.WriteStartObject("response");
            w.WriteNumber("code", c);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void WriteHttpRequest(Utf8JsonWriter w, JsonElement record, JsonElement? properties)
    {
        var http = record.ObjAnyCase("httpRequest");
        string? method = http?.TextAnyCase("method");
        string? requestUid = http?.TextAnyCase("clientRequestId") ?? properties?.TextAnyCase("clientRequestId");
        string? url = record.TextAnyCase("uri") ?? record.TextAnyCase("requestUri") ?? properties?.TextAnyCase("requestUri") ?? http?.TextAnyCase("uri");
        string? agent = properties?.TextAnyCase("userAgentHeader") ?? properties?.TextAnyCase("clientInfo") ?? record.TextAnyCase("userAgent")
            ?? properties?.TextAnyCase("userAgent");
        if (method is null && requestUid is null && url is null && agent is null)
        {
            return;
        }

        w.WriteStartObject("http_request");
        w.WriteIfPresent("http_method", EventGrid.EventGridWriter.HttpMethod(method)); // OCSF allows only the standard verbs
        w.WriteIfPresent("uid", requestUid);
        if (url is not null)
        {
            w.WriteStartObject("url");
            w.WriteString("url_string", url);
            w.WriteEndObject();
        }

        w.WriteIfPresent("user_agent", agent);
        w.WriteEndObject();
    }
}
