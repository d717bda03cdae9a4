using System.Text.Json;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.Azure.EventGrid;

/// <summary>
/// Documented Azure publishers whose events report a change to a resource they own — Container Registry image and chart
/// pushes and deletions, App Configuration key-value changes, IoT Hub device lifecycle — as API Activity: the caller the
/// data names (ACR's actor and request), the operation (the event type), the changed item and the ARM resource of the
/// topic as resources. The events are sent only for changes that happened, so the status is Success. Other Azure event
/// types about an ARM resource (not in the catalog) are written the same way as API Activity, Other, named by the type,
/// so their subject, operation and resource stay typed.
/// </summary>
internal sealed class PublisherEventWriter : EventGridFamilyWriter
{
    public static readonly PublisherEventWriter Instance = new();

    private static readonly HashSet<string> Consumed = Fields("actor", "request", "target", "key", "label", "deviceId", "hubName");

    private PublisherEventWriter()
    {
    }

    public override IReadOnlySet<string> ConsumedData => Consumed;

    /// <summary>Success for the catalogued change events (sent only for changes made); Unknown for other types, which may report anything.</summary>
    public override (int? Id, string? Code, string? Detail) Status(EventGridFacts facts) =>
        (facts.Class.OtherName == facts.Envelope.Type ? 0 : OcsfEnums.StatusSuccess, null, null);

    public override IReadOnlyList<string> Labels(EventGridFacts facts) => Actor(facts) is null ? [EventGridWriter.UnknownActorLabel] : [];

    public override void WriteBody(Utf8JsonWriter w, EventGridFacts facts)
    {
        var data = facts.Envelope.Data;
        var request = facts.Envelope.ObjectOrEncoded(data, "request");
        string service = facts.Provider;
        if (Actor(facts) is { } actor)
        {
            w.WriteStartObject("actor");
            w.WriteStartObject("user");
            w.WriteString("name", actor);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        else
        {
            EventGridWriter.WriteUnknownActor(w);
        }

        w.WriteStartObject("api");
        w.WriteString("operation", facts.ShortType);
        w.WriteStartObject("service");
        w.WriteString("name", service);
        w.WriteEndObject();
        if (SourceJson.TextTrimmedKey(request, "id") is { } requestId)
        {
            w.WriteStartObject("request");
            w.WriteString("uid", requestId);
            w.WriteEndObject();
        }

        w.WriteEndObject();
        EventGridWriter.WriteSourceEndpoint(w, SourceJson.TextTrimmedKey(request, "addr"), SourceJson.TextTrimmedKey(request, "host") ?? service);
        string? agent = SourceJson.TextTrimmedKey(request, "useragent");
        string? method = EventGridWriter.HttpMethod(SourceJson.TextTrimmedKey(request, "method"));
        if (agent is not null || method is not null)
        {
            w.WriteStartObject("http_request");
            w.WriteIfPresent("http_method", method);
            w.WriteIfPresent("user_agent", agent);
            w.WriteEndObject();
        }

        var item = Item(facts);
        var scope = facts.Subject ?? facts.Source;
        if (item is null && scope is null)
        {
            return;
        }

        w.WriteStartArray("resources");
        if (item is { } i)
        {
            EventGridWriter.WriteResource(w, i.Uid, i.Name, i.Type);
        }

        if (scope is not null)
        {
            EventGridWriter.WriteArmResource(w, scope);
        }

        w.WriteEndArray();
    }

    /// <summary>The caller the data names (Container Registry: <c>actor.name</c>), else null.</summary>
    private static string? Actor(EventGridFacts facts) =>
        SourceJson.TextTrimmedKey(facts.Envelope.ObjectOrEncoded(facts.Envelope.Data, "actor"), "name");

    /// <summary>The item changed inside the resource: an image (repository:tag@digest), a key-value, a device.</summary>
    private static (string Uid, string? Name, string Type)? Item(EventGridFacts facts)
    {
        var e = facts.Envelope;
        var target = e.ObjectOrEncoded(e.Data, "target");
        if (SourceJson.TextTrimmedKey(target, "repository") is { } repository)
        {
            string? tag = SourceJson.TextTrimmedKey(target, "tag");
            string? digest = SourceJson.TextTrimmedKey(target, "digest");
            string name = tag is null ? repository : $"{repository}:{tag}";
            return (digest is null ? name : $"{repository}@{digest}", name, e.Type.Contains("Chart", StringComparison.Ordinal) ? "Helm chart" : "Container image");
        }

        if (SourceJson.TextTrimmedKey(e.Data, "key") is { } key)
        {
            string? label = SourceJson.TextTrimmedKey(e.Data, "label");
            return (label is null ? key : $"{key} ({label})", key, "App Configuration key-value");
        }

        if (SourceJson.TextTrimmedKey(e.Data, "deviceId") is { } device)
        {
            return ($"{SourceJson.TextTrimmedKey(e.Data, "hubName") ?? "iothub"}/devices/{device}", device, "IoT Hub device");
        }

        return e.Subject is { } subject && facts.Subject is null ? (subject, null, "Event subject") : null;
    }
}
