using System.Buffers;
using System.Text.Json;

namespace TrailNormalizer.Core.Mapping.Aws.Sns;

/// <summary>Passes everything on to <paramref name="inner"/>, adding a label to <c>metadata.labels</c> of every event.</summary>
internal sealed class LabellingSink(IRecordSink inner, string label) : IRecordSink
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public void Normalized(NormalizedEvent normalizedEvent) => inner.Normalized(Label(normalizedEvent, label));

    public void Quarantined(QuarantineItem item) => inner.Quarantined(item);

    public void Control(string kind, string source) => inner.Control(kind, source);

    /// <summary>The event with <paramref name="label"/> appended to <c>metadata.labels</c> (once), all else unchanged.</summary>
    public static NormalizedEvent Label(NormalizedEvent normalizedEvent, string label)
    {
        using var document = JsonDocument.Parse(normalizedEvent.Json, Rules.Tagging.EventFacts.DocumentOptions);
        var buffer = new ArrayBufferWriter<byte>(normalizedEvent.Json.Length + 64);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == "metadata" && property.Value.ValueKind == JsonValueKind.Object)
                {
                    WriteMetadata(w, property.Value, label);
                }
                else
                {
                    property.WriteTo(w);
                }
            }

            w.WriteEndObject();
        }

        return normalizedEvent with { Json = buffer.WrittenSpan.ToArray() };
    }

    private static void WriteMetadata(Utf8JsonWriter w, JsonElement metadata, string label)
    {
        w.WriteStartObject("metadata");
        bool written = false;
        foreach (var property in metadata.EnumerateObject())
        {
            if (property.Name == "labels" && property.Value.ValueKind == JsonValueKind.Array)
            {
                WriteLabels(w, property.Value, label);
                written = true;
            }
            else
            {
                property.WriteTo(w);
            }
        }

        if (!written)
        {
            WriteLabels(w, null, label);
        }

        w.WriteEndObject();
    }

    private static void WriteLabels(Utf8JsonWriter w, JsonElement? existing, string label)
    {
        w.WriteStartArray("labels");
        bool present = false;
        if (existing is { } labels)
        {
            foreach (var item in labels.EnumerateArray())
            {
                item.WriteTo(w);
                present |= item.ValueKind == JsonValueKind.String && item.ValueEquals(label);
            }
        }

        if (!present)
        {
            w.WriteStringValue(label);
        }

        w.WriteEndArray();
    }
}
