using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace TrailNormalizer.Azure.Forwarding;

/// <summary>
/// One stored OCSF event as a row of the TrailNormalizer_CL table (the columns infra/azure declares in the data
/// collection rule's stream): TimeGenerated from <c>time</c>, the common OCSF attributes flattened to typed columns with
/// the names the <c>trailnorm query</c> views use, the rule labels split into incidents and controls, the batch key (so a
/// row leads back to its evidence and <c>trailnorm prove --uid</c>), and the whole event as a dynamic column. An event
/// larger than <see cref="MaxEmbeddedEventBytes"/> is sent without the dynamic copy (event_omitted true): Log Analytics
/// truncates field values past 64 KB, and the evidence keeps the full event under the batch key anyway.
/// </summary>
public static class LogAnalyticsRow
{
    public const int MaxEmbeddedEventBytes = 60 * 1024;

    private static readonly JsonDocumentOptions ReadOptions = new() { MaxDepth = 512 };
    private static readonly JsonWriterOptions WriteOptions = new() { MaxDepth = 512, SkipValidation = false };

    /// <summary>The row for <paramref name="storedLine"/> (one batch line, without its newline).</summary>
    public static byte[] From(ReadOnlySpan<byte> storedLine, string batchKey)
    {
        using var doc = JsonDocument.Parse(storedLine.ToArray(), ReadOptions);
        var e = doc.RootElement;
        var buffer = new ArrayBufferWriter<byte>(storedLine.Length + 1024);
        using (var w = new Utf8JsonWriter(buffer, WriteOptions))
        {
            w.WriteStartObject();
            long timeMs = e.TryGetProperty("time", out var t) && t.TryGetInt64(out long ms) ? ms : 0;
            w.WriteString("TimeGenerated", DateTimeOffset.FromUnixTimeMilliseconds(timeMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            Number(w, "class_uid", e, "class_uid");
            Text(w, "class_name", e, "class_name");
            Text(w, "category_name", e, "category_name");
            Text(w, "activity_name", e, "activity_name");
            Number(w, "severity_id", e, "severity_id");
            Text(w, "severity", e, "severity");
            Number(w, "status_id", e, "status_id");
            Text(w, "status", e, "status");
            Text(w, "actor_user_name", e, "actor", "user", "name");
            Text(w, "actor_user_uid", e, "actor", "user", "uid");
            Text(w, "actor_user_type", e, "actor", "user", "type");
            Text(w, "user_name", e, "user", "name");
            Text(w, "src_endpoint_ip", e, "src_endpoint", "ip");
            Text(w, "api_operation", e, "api", "operation");
            Text(w, "cloud_provider", e, "cloud", "provider");
            Text(w, "cloud_account_uid", e, "cloud", "account", "uid");
            Text(w, "cloud_region", e, "cloud", "region");
            Text(w, "metadata_uid", e, "metadata", "uid");
            Text(w, "metadata_product_name", e, "metadata", "product", "name");
            Text(w, "finding_title", e, "finding_info", "title");
            WriteLabels(w, e);
            w.WriteString("batch", batchKey);
            w.WriteNumber("event_bytes", storedLine.Length);
            if (storedLine.Length <= MaxEmbeddedEventBytes)
            {
                w.WritePropertyName("event");
                e.WriteTo(w);
                w.WriteBoolean("event_omitted", false);
            }
            else
            {
                w.WriteBoolean("event_omitted", true);
            }

            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteLabels(Utf8JsonWriter w, JsonElement e)
    {
        var labels = new List<string>();
        if (Find(e, "metadata", "labels") is { ValueKind: JsonValueKind.Array } array)
        {
            labels.AddRange(array.EnumerateArray().Where(l => l.ValueKind == JsonValueKind.String).Select(l => l.GetString()!));
        }

        WriteArray(w, "incidents", labels.Where(l => l.StartsWith("incident:", StringComparison.Ordinal)).Select(l => l["incident:".Length..]));
        WriteArray(w, "controls", labels.Where(l => l.StartsWith("control:", StringComparison.Ordinal)).Select(l => l["control:".Length..]));
        WriteArray(w, "labels", labels);
    }

    private static void WriteArray(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (string value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    private static void Text(Utf8JsonWriter w, string column, JsonElement e, params string[] path)
    {
        if (Find(e, path) is { ValueKind: JsonValueKind.String } value)
        {
            w.WriteString(column, value.GetString());
        }
    }

    private static void Number(Utf8JsonWriter w, string column, JsonElement e, string property)
    {
        if (e.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long n))
        {
            w.WriteNumber(column, n);
        }
    }

    private static JsonElement? Find(JsonElement e, params string[] path)
    {
        var current = e;
        foreach (string part in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out current))
            {
                return null;
            }
        }

        return current;
    }
}
