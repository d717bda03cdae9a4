using System.Buffers;
using System.Text.Json;

namespace TrailNormalizer.Core.Mapping.CloudTrail;

/// <summary>
/// Some exports (Athena tables, SIEM re-exports) lower-case CloudTrail's top-level keys
/// (<c>eventsource</c>, <c>eventtime</c>, ...). This rewrites those keys to CloudTrail's own spelling so the
/// mapper reads them; values are untouched, and <c>raw_data</c> still keeps the record as received.
/// </summary>
internal static class CloudTrailKeyCasing
{
    private static readonly Dictionary<string, string> Canonical = new[]
    {
        "eventVersion", "userIdentity", "eventTime", "eventSource", "eventName", "awsRegion", "sourceIPAddress", "userAgent",
        "requestParameters", "responseElements", "requestID", "eventID", "eventType", "apiVersion", "readOnly",
        "recipientAccountId", "managementEvent", "eventCategory", "errorCode", "errorMessage", "resources", "sharedEventID",
        "vpcEndpointId", "vpcEndpointAccountId", "additionalEventData", "serviceEventDetails", "tlsDetails",
        "sessionCredentialFromConsole", "addendum", "edgeDeviceDetails", "insightDetails",
    }.ToDictionary(k => k.ToLowerInvariant(), StringComparer.Ordinal);

    /// <summary>True when the record spells CloudTrail's keys in lower case.</summary>
    public static bool IsLowerCased(JsonElement value) =>
        value.ValueKind == JsonValueKind.Object && value.TryGetProperty("eventsource", out _) && value.TryGetProperty("eventname", out _)
        && !value.TryGetProperty("eventSource", out _);

    /// <summary>The record with its top-level keys in CloudTrail's spelling (a key already in that spelling wins).</summary>
    public static JsonDocument Canonicalize(JsonElement value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            var written = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in value.EnumerateObject().OrderBy(p => Canonical.ContainsKey(p.Name) ? 1 : 0))
            {
                string name = Canonical.GetValueOrDefault(property.Name, property.Name);
                if (written.Add(name))
                {
                    w.WritePropertyName(name);
                    property.Value.WriteTo(w);
                }
            }

            w.WriteEndObject();
        }

        return JsonDocument.Parse(buffer.WrittenMemory, Rules.Tagging.EventFacts.DocumentOptions);
    }
}
