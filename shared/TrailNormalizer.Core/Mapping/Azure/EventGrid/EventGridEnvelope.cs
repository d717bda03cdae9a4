using System.Text;
using System.Text.Json;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.Azure.EventGrid;

/// <summary>
/// One Event Grid event read from any of its envelopes (<see cref="EventGridSchema"/>), with the envelope
/// attributes under common names and <c>data</c> resolved: JSON-encoded strings and JSON <c>data_base64</c> are
/// parsed. Owns the documents it parsed; dispose it after mapping.
/// </summary>
public sealed class EventGridEnvelope : IDisposable
{
    /// <summary>Envelope attributes per schema that the mapping consumes; every other one goes to <c>unmapped</c>.</summary>
    private static readonly Dictionary<EventGridSchema, HashSet<string>> EnvelopeFields = new()
    {
        [EventGridSchema.EventGridEvent] = new(StringComparer.Ordinal) { "id", "topic", "subject", "eventType", "eventTime", "data", "dataVersion", "metadataVersion" },
        [EventGridSchema.CloudEvents] = new(StringComparer.Ordinal) { "id", "source", "subject", "type", "time", "data", "data_base64", "specversion", "dataschema" },
        [EventGridSchema.LegacyCloudEvents] = new(StringComparer.Ordinal) { "eventID", "source", "eventType", "eventTypeVersion", "eventTime", "data", "cloudEventsVersion" },
    };

    private readonly List<JsonDocument> _owned = [];

    private EventGridEnvelope(JsonElement value, EventGridSchema schema)
    {
        Value = value;
        Schema = schema;
    }

    /// <summary>The event as received.</summary>
    public JsonElement Value { get; }

    public EventGridSchema Schema { get; }

    /// <summary>The event id as text (<c>id</c>, or <c>eventID</c> in CloudEvents 0.1); null when absent or empty.</summary>
    public string? Id { get; private init; }

    /// <summary>The event type (<c>eventType</c> or CloudEvents <c>type</c>).</summary>
    public string Type { get; private init; } = "";

    /// <summary>The publisher: Event Grid <c>topic</c> or CloudEvents <c>source</c> (0.1: the part before '#').</summary>
    public string? Source { get; private init; }

    /// <summary>The <c>subject</c> (CloudEvents 0.1: the part of <c>source</c> after '#').</summary>
    public string? Subject { get; private init; }

    /// <summary>The event time as written.</summary>
    public string? Time { get; private init; }

    /// <summary>The version of the envelope schema, e.g. "EventGridEvent metadataVersion 1" or "CloudEvents 1.0".</summary>
    public string? SchemaVersion { get; private init; }

    /// <summary>The version of the data schema (<c>dataVersion</c>, <c>dataschema</c>, <c>eventTypeVersion</c>).</summary>
    public string? DataVersion { get; private init; }

    /// <summary>The event data as an object; null when there is none or it is not an object.</summary>
    public JsonElement? Data { get; private set; }

    /// <summary>The event data when it is not an object (a string that is not JSON, a number, an array, undecodable base64).</summary>
    public JsonElement? OpaqueData { get; private set; }

    /// <summary>How the data was found: "json", "json-string" (a JSON-encoded string), "base64-json", "base64" or "none".</summary>
    public string DataEncoding { get; private set; } = "none";

    /// <summary>Reads <paramref name="value"/> as an Event Grid event in any of its envelopes; null when it is none of them.</summary>
    public static EventGridEnvelope? TryRead(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (value.Str("specversion") is { } specVersion && value.Str("type") is { Length: > 0 } ceType)
        {
            var ce = new EventGridEnvelope(value, EventGridSchema.CloudEvents)
            {
                Id = IdText(value, "id"),
                Type = ceType,
                Source = value.NonEmpty("source"),
                Subject = value.NonEmpty("subject"),
                Time = value.Str("time"),
                SchemaVersion = $"CloudEvents {specVersion}",
                DataVersion = value.NonEmpty("dataschema"),
            };
            ce.ResolveCloudEventData();
            return ce;
        }

        if (value.Str("cloudEventsVersion") is { } legacyVersion && value.Str("eventType") is { Length: > 0 } legacyType)
        {
            string? source = value.NonEmpty("source");
            int hash = source?.IndexOf('#', StringComparison.Ordinal) ?? -1;
            var legacy = new EventGridEnvelope(value, EventGridSchema.LegacyCloudEvents)
            {
                Id = IdText(value, "eventID"),
                Type = legacyType,
                Source = hash >= 0 ? source![..hash] : source,
                Subject = hash >= 0 && hash + 1 < source!.Length ? source[(hash + 1)..] : null,
                Time = value.Str("eventTime"),
                SchemaVersion = $"CloudEvents {legacyVersion}",
                DataVersion = value.NonEmpty("eventTypeVersion"),
            };
            legacy.ResolveData(value.Present("data"));
            return legacy;
        }

        if (IsEventGridEvent(value))
        {
            var eg = new EventGridEnvelope(value, EventGridSchema.EventGridEvent)
            {
                Id = IdText(value, "id"),
                Type = value.Str("eventType")!,
                Source = value.NonEmpty("topic"),
                Subject = value.NonEmpty("subject"),
                Time = value.Str("eventTime"),
                SchemaVersion = value.Text("metadataVersion") is { Length: > 0 } metadataVersion ? $"EventGridEvent {metadataVersion}" : "EventGridEvent",
                DataVersion = value.Text("dataVersion") is { Length: > 0 } dataVersion ? dataVersion : null,
            };
            eg.ResolveData(value.Present("data"));
            return eg;
        }

        return null;
    }

    /// <summary>
    /// The EventGridEvent shape: a string <c>eventType</c>, a <c>subject</c> or <c>topic</c>, and an <c>eventTime</c>,
    /// <c>dataVersion</c> or <c>metadataVersion</c>; records that name an <c>eventSource</c> (CloudTrail) are not.
    /// </summary>
    public static bool IsEventGridEvent(JsonElement value) =>
        value.Str("eventType") is { Length: > 0 }
        && (Has(value, "subject") || Has(value, "topic"))
        && (Has(value, "eventTime") || Has(value, "dataVersion") || Has(value, "metadataVersion"))
        && !Has(value, "eventSource");

    /// <summary>True when the envelope attribute is one the mapping consumes.</summary>
    public bool IsEnvelopeField(string name) => EnvelopeFields[Schema].Contains(name);

    /// <summary>
    /// A nested value that may arrive as an object or as a JSON-encoded string (older Microsoft.Resources events
    /// write claims, authorization and httpRequest that way); null when it is neither.
    /// </summary>
    public JsonElement? ObjectOrEncoded(JsonElement? parent, string name)
    {
        if (parent is not { ValueKind: JsonValueKind.Object } p || !p.TryGetProperty(name, out var v))
        {
            return null;
        }

        if (v.ValueKind == JsonValueKind.Object)
        {
            return v;
        }

        return v.ValueKind == JsonValueKind.String && ParseJson(v.GetString()) is { ValueKind: JsonValueKind.Object } parsed ? parsed : null;
    }

    public void Dispose()
    {
        foreach (var document in _owned)
        {
            document.Dispose();
        }

        _owned.Clear();
    }

    private static string? IdText(JsonElement value, string name) =>
        value.TryGetProperty(name, out var id) && id.ValueKind is JsonValueKind.String or JsonValueKind.Number && value.Text(name) is { Length: > 0 } text
            ? text
            : null;

    private static bool Has(JsonElement value, string name) => value.TryGetProperty(name, out _);

    private void ResolveCloudEventData()
    {
        if (Value.Present("data") is { } data)
        {
            ResolveData(data);
            return;
        }

        if (Value.Str("data_base64") is not { } base64)
        {
            return;
        }

        if (TryDecodeBase64(base64) is { } bytes)
        {
            if (ParseJson(bytes) is { } decoded)
            {
                SetData(decoded, "base64-json");
                return;
            }

            DataEncoding = "base64"; // binary data: kept as received in unmapped.data_base64
            return;
        }

        DataEncoding = "base64"; // not valid base64 either: kept verbatim
    }

    private void ResolveData(JsonElement? data)
    {
        if (data is not { } d)
        {
            return;
        }

        if (d.ValueKind == JsonValueKind.String && ParseJson(d.GetString()) is { } parsed)
        {
            SetData(parsed, "json-string");
            return;
        }

        SetData(d, "json");
    }

    private void SetData(JsonElement data, string encoding)
    {
        DataEncoding = encoding;
        if (data.ValueKind == JsonValueKind.Object)
        {
            Data = data;
        }
        else
        {
            OpaqueData = data;
        }
    }

    private JsonElement? ParseJson(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var trimmed = text.AsSpan().TrimStart();
        if (trimmed.Length == 0 || trimmed[0] is not ('{' or '['))
        {
            return null;
        }

        return ParseJson(Encoding.UTF8.GetBytes(text));
    }

    private JsonElement? ParseJson(byte[] bytes)
    {
        var span = bytes.AsSpan().TrimStart(" \t\r\n"u8);
        if (span.Length == 0 || span[0] is not ((byte)'{' or (byte)'['))
        {
            return null;
        }

        try
        {
            var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 64 });
            _owned.Add(document);
            return document.RootElement;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static byte[]? TryDecodeBase64(string text)
    {
        var buffer = new byte[((text.Length + 3) / 4) * 3];
        return Convert.TryFromBase64String(text, buffer, out int written) ? buffer[..written] : null;
    }
}
