using System.Text.Json;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.Azure.EventGrid;

/// <summary>
/// Microsoft.Resources.Resource{Write,Delete,Action}{Success,Failure,Cancel}: an Azure Resource Manager call as
/// API Activity — the caller from claims and authorization, the operation and correlation id, the HTTP request,
/// the resource; the status from the event type.
/// </summary>
internal sealed class ResourceEventWriter : EventGridFamilyWriter
{
    public static readonly ResourceEventWriter Instance = new();

    private static readonly HashSet<string> Consumed = Fields(
        "correlationId", "operationName", "resourceUri", "resourceProvider", "subscriptionId", "tenantId", "status");

    private ResourceEventWriter()
    {
    }

    public override IReadOnlySet<string> ConsumedData => Consumed;

    /// <summary>Action events are named after the operation, e.g. <c>Microsoft.EventHub/namespaces/authorizationRules/listKeys/action</c>.</summary>
    public override string? OtherName(EventGridFacts facts) =>
        SourceJson.TextTrimmedKey(facts.Envelope.Data, "operationName") ?? "Resource Action";

    /// <summary>The event type's outcome decides (a Failure event whose data says "Succeeded" is a failure); data.status is kept as status_code.</summary>
    public override (int? Id, string? Code, string? Detail) Status(EventGridFacts facts)
    {
        var resource = ResourceEvent.Parse(facts.Envelope.Type);
        string? code = SourceJson.TextTrimmedKey(facts.Envelope.Data, "status");
        string? detail = resource?.Outcome == "Cancel" ? "The operation was canceled" : null;
        return (resource?.StatusId ?? 0, code, detail);
    }

    public override string? CorrelationUid(EventGridFacts facts) => SourceJson.TextTrimmedKey(facts.Envelope.Data, "correlationId");

    public override IReadOnlyList<string> Labels(EventGridFacts facts) =>
        Caller(facts).IsUnknown ? [EventGridWriter.UnknownActorLabel] : [];

    public override void WriteBody(Utf8JsonWriter w, EventGridFacts facts)
    {
        var e = facts.Envelope;
        var data = e.Data;
        var caller = Caller(facts);
        var http = e.ObjectOrEncoded(data, "httpRequest");
        string operation = SourceJson.TextTrimmedKey(data, "operationName") ?? e.Type;
        string provider = SourceJson.TextTrimmedKey(data, "resourceProvider") ?? ProviderOf(operation) ?? "Microsoft.Resources";

        if (caller.IsUnknown)
        {
            EventGridWriter.WriteUnknownActor(w);
        }
        else
        {
            caller.WriteActor(w);
        }

        w.WriteStartObject("api");
        w.WriteString("operation", operation);
        w.WriteStartObject("service");
        w.WriteString("name", provider);
        w.WriteEndObject();
        if (SourceJson.TextTrimmedKey(data, "correlationId") is { } correlation)
        {
            w.WriteStartObject("request");
            w.WriteString("uid", correlation);
            w.WriteEndObject();
        }

        w.WriteEndObject();

        string? clientIp = caller.Ip ?? EventGridWriter.Ip(SourceJson.TextTrimmedKey(http, "clientIpAddress"));
        EventGridWriter.WriteSourceEndpoint(w, clientIp, provider);
        WriteHttpRequest(w, http);

        var resource = ArmScope.Parse(SourceJson.TextTrimmedKey(data, "resourceUri")) ?? facts.Subject;
        if (resource is not null)
        {
            w.WriteStartArray("resources");
            EventGridWriter.WriteArmResource(w, resource);
            w.WriteEndArray();
        }
    }

    private static ResourceEventCaller Caller(EventGridFacts facts) =>
        ResourceEventCaller.From(facts.Envelope.ObjectOrEncoded(facts.Envelope.Data, "claims"), facts.Envelope.ObjectOrEncoded(facts.Envelope.Data, "authorization"));

    private static void WriteHttpRequest(Utf8JsonWriter w, JsonElement? http)
    {
        string? method = EventGridWriter.HttpMethod(SourceJson.TextTrimmedKey(http, "method"));
        string? requestId = SourceJson.TextTrimmedKey(http, "clientRequestId");
        string? url = EventGridWriter.Url(SourceJson.TextTrimmedKey(http, "url"));
        if (method is null && requestId is null && url is null)
        {
            return;
        }

        w.WriteStartObject("http_request");
        w.WriteIfPresent("http_method", method);
        w.WriteIfPresent("uid", requestId);
        if (url is not null)
        {
            w.WriteStartObject("url");
            w.WriteString("url_string", url);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    /// <summary>"Microsoft.Storage" from "Microsoft.Storage/storageAccounts/write".</summary>
    private static string? ProviderOf(string operation)
    {
        int slash = operation.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? operation[..slash] : null;
    }
}
