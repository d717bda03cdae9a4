using System.Buffers;
using System.Text;
using System.Text.Json;

namespace TrailNormalizer.Azure.Functions;

/// <summary>The two ways Event Grid proves a webhook wants its events.</summary>
public static class WebhookHandshake
{
    public const string ValidationEventType = "Microsoft.EventGrid.SubscriptionValidationEvent";
    private const int MaxOriginLength = 253;

    /// <summary>
    /// The <c>validationCode</c> when the body is an EventGridEvent SubscriptionValidationEvent (alone or as the only
    /// element of an array); null otherwise.
    /// </summary>
    public static string? ValidationCode(JsonElement body)
    {
        var single = body;
        if (body.ValueKind == JsonValueKind.Array)
        {
            if (body.GetArrayLength() != 1)
            {
                return null;
            }

            single = body[0];
        }

        if (single.ValueKind != JsonValueKind.Object
            || !single.TryGetProperty("eventType", out var type) || type.ValueKind != JsonValueKind.String
            || !string.Equals(type.GetString(), ValidationEventType, StringComparison.OrdinalIgnoreCase)
            || !single.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object
            || !data.TryGetProperty("validationCode", out var code) || code.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        return code.GetString();
    }

    /// <summary>The answer that completes the EventGridEvent handshake: <c>{"validationResponse":"code"}</c>.</summary>
    public static string ValidationResponse(string code)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + code.Length);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("validationResponse", code);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// True when the CloudEvents abuse-protection <c>WebHook-Request-Origin</c> is a DNS host name (e.g.
    /// eventgrid.azure.net), so echoing it back in <c>WebHook-Allowed-Origin</c> cannot inject anything.
    /// </summary>
    public static bool IsValidOrigin(string? origin) =>
        origin is { Length: > 0 and <= MaxOriginLength } && Uri.CheckHostName(origin) == UriHostNameType.Dns && origin.Contains('.', StringComparison.Ordinal);
}
