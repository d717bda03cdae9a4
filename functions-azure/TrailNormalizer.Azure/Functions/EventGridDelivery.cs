using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using TrailNormalizer.Core.Pipeline;

namespace TrailNormalizer.Azure.Functions;

/// <summary>
/// An Event Grid event as a <see cref="Delivery"/>: identified by its topic (EventGridEvent <c>topic</c>, CloudEvents
/// <c>source</c>) and <c>id</c>, which Event Grid keeps on every retry, and stamped with the event's own time, so a retried
/// delivery derives the same batch keys.
/// </summary>
public static class EventGridDelivery
{
    /// <summary>The event's delivery, or null when it carries no id (it is stored like any other record, under a random key).</summary>
    public static Delivery? Of(JsonElement value, TimeProvider time)
    {
        if (value.ValueKind != JsonValueKind.Object || Text(value, "id") is not { } id)
        {
            return null;
        }

        string topic = Text(value, "topic") ?? Text(value, "source") ?? "";
        var stamp = Time(Text(value, "eventTime") ?? Text(value, "time")) ?? time.GetUtcNow();
        return new Delivery($"eventgrid://{topic}/{id}", JsonMarshal.GetRawUtf8Value(value).Length, stamp);
    }

    private static DateTimeOffset? Time(string? text) =>
        text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed
            : null;

    private static string? Text(JsonElement value, string name) =>
        value.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.String && property.GetString() is { Length: > 0 } text ? text : null;
}
