using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using TrailNormalizer.Core.Pipeline;

namespace TrailNormalizer.Aws.Functions;

/// <summary>
/// An SQS message as a <see cref="Delivery"/>: identified by its queue and message id (SQS keeps the id on every
/// redelivery) and stamped with when SQS first handed it out (<c>ApproximateFirstReceiveTimestamp</c>, else
/// <c>SentTimestamp</c>), so a redelivery derives the same batch keys.
/// </summary>
public static class SqsDelivery
{
    /// <summary>The message's delivery, or null when it has no messageId (it cannot be acknowledged alone either).</summary>
    public static Delivery? Of(JsonElement record, TimeProvider time)
    {
        if (MessageId(record) is not { } messageId)
        {
            return null;
        }

        string queue = Text(record, "eventSourceARN") ?? "";
        return new Delivery($"sqs://{queue}/{messageId}", JsonMarshal.GetRawUtf8Value(record).Length, Stamp(record) ?? time.GetUtcNow());
    }

    public static string? MessageId(JsonElement record) => Text(record, "messageId");

    private static DateTimeOffset? Stamp(JsonElement record)
    {
        if (!record.TryGetProperty("attributes", out var attributes) || attributes.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (string name in (string[])["ApproximateFirstReceiveTimestamp", "SentTimestamp"])
        {
            if (Text(attributes, name) is { } text && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long ms)
                && ms is > 0 and < 253_402_300_800_000)
            {
                return DateTimeOffset.FromUnixTimeMilliseconds(ms);
            }
        }

        return null;
    }

    private static string? Text(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.Object && value.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.String
            && property.GetString() is { Length: > 0 } text ? text : null;
}
