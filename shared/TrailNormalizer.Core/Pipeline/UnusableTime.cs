using System.Buffers;
using System.Text.Json;
using TrailNormalizer.Core.Mapping;

namespace TrailNormalizer.Core.Pipeline;

/// <summary>
/// An event time no source can mean (epoch 0 and anything before 1990, or more than a day after the record was
/// received) is replaced by the received time, labelled like every other unusable time: <c>metadata.processed_time</c>
/// holds the received time and <c>metadata.labels</c> says <see cref="Label"/>; <c>metadata.original_time</c> keeps
/// the source's text where the mapper wrote it.
/// </summary>
public static class UnusableTime
{
    public const string Label = "time:substituted-with-received-time";

    /// <summary>1990-01-01T00:00:00Z: no cloud audit source predates it; earlier values are placeholders.</summary>
    public const long EarliestUsableMs = 631_152_000_000;

    public const long MaxFutureMs = 24 * 60 * 60 * 1000;

    private static readonly JsonDocumentOptions EventOptions = new() { MaxDepth = 512 };

    public static bool IsUnusable(long timeMs, long receivedMs) => timeMs < EarliestUsableMs || timeMs > receivedMs + MaxFutureMs;

    /// <summary>The event unchanged when its time is usable; otherwise rewritten with the received time and the label.</summary>
    public static NormalizedEvent Fix(NormalizedEvent ev, long receivedMs)
    {
        if (!IsUnusable(ev.TimeMs, receivedMs))
        {
            return ev;
        }

        using var document = JsonDocument.Parse(ev.Json, EventOptions);
        var buffer = new ArrayBufferWriter<byte>(ev.Json.Length + 128);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.NameEquals("time"))
                {
                    w.WriteNumber("time", receivedMs);
                }
                else if (property.NameEquals("metadata") && property.Value.ValueKind == JsonValueKind.Object)
                {
                    WriteMetadata(w, property.Value, receivedMs);
                }
                else
                {
                    property.WriteTo(w);
                }
            }

            w.WriteEndObject();
        }

        return ev with { Json = buffer.WrittenSpan.ToArray(), TimeMs = receivedMs };
    }

    private static void WriteMetadata(Utf8JsonWriter w, JsonElement metadata, long receivedMs)
    {
        w.WriteStartObject("metadata");
        var labels = new List<JsonElement>();
        foreach (var property in metadata.EnumerateObject())
        {
            if (property.NameEquals("labels") && property.Value.ValueKind == JsonValueKind.Array)
            {
                labels.AddRange(property.Value.EnumerateArray());
            }
            else if (!property.NameEquals("processed_time"))
            {
                property.WriteTo(w);
            }
        }

        w.WriteNumber("processed_time", receivedMs);
        w.WriteStartArray("labels");
        if (!labels.Any(l => l.ValueKind == JsonValueKind.String && l.ValueEquals(Label)))
        {
            w.WriteStringValue(Label);
        }

        foreach (var label in labels)
        {
            label.WriteTo(w);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
