using System.Buffers;
using System.Text.Json;

namespace TrailNormalizer.Core.Rules.Tagging;

/// <summary>
/// Finds the source record Sigma rules should see: rules name source fields, so they run on the record an event was mapped
/// from, which its <c>raw_data</c> holds (for EventBridge CloudTrail events, on its <c>detail</c>). The kind comes with the event (<see cref="Mapping.NormalizedEvent.Kind"/>).
/// </summary>
public static class RuleInput
{
    /// <summary>The record rules evaluate, when it is inside the raw value: the EventBridge <c>detail</c> of a CloudTrail event, else the raw value itself.</summary>
    public static JsonElement RecordOf(SourceKind kind, JsonElement raw) =>
        kind == SourceKind.CloudTrail && raw.ValueKind == JsonValueKind.Object
        && raw.TryGetProperty("detail-type"u8, out var type) && type.ValueKind == JsonValueKind.String
        && raw.TryGetProperty("detail"u8, out var detail) && detail.ValueKind == JsonValueKind.Object
            ? detail
            : raw;

    /// <summary>
    /// A rewritten copy of the record when rules need one: Activity Log records in the REST shape have their
    /// <c>{"value": …}</c> wrappers unwrapped, so <c>operationName: x</c> matches either shape. Null when the record is used as it is.
    /// </summary>
    public static JsonDocument? RewrittenRecord(SourceKind kind, JsonElement raw)
    {
        if (kind != SourceKind.AzureActivity || raw.ValueKind != JsonValueKind.Object || !raw.EnumerateObject().Any(p => IsValueWrapper(p.Value)))
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            foreach (var p in raw.EnumerateObject())
            {
                w.WritePropertyName(p.Name);
                (IsValueWrapper(p.Value) ? p.Value.GetProperty("value") : p.Value).WriteTo(w);
            }

            w.WriteEndObject();
        }

        return JsonDocument.Parse(buffer.WrittenMemory, EventFacts.DocumentOptions);
    }

    private static bool IsValueWrapper(JsonElement v) =>
        v.ValueKind == JsonValueKind.Object && v.TryGetProperty("value", out var inner) && inner.ValueKind == JsonValueKind.String;
}
