using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace TrailNormalizer.Core.Evidence.Audit;

/// <summary>
/// <c>audit.json</c> of a pack: what was asked (controls, period, seed, sample size), with which key, by whom and when,
/// and whether every check passed. <c>verify-pack</c> reads it to check the sample against the controls and period.
/// </summary>
public sealed record AuditRecord(IReadOnlyList<string> Controls, long? FromMs, long? ToMs, string Seed, int SampleSize,
    string KeyFingerprint, string Auditor, string CreatedAt, bool Passed)
{
    public const string FileName = "audit.json";
    public const string FormatName = "trailnormalizer.audit-pack/1";

    public byte[] ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("format", FormatName);
            w.WriteStartArray("controls");
            foreach (string c in Controls)
            {
                w.WriteStringValue(c);
            }

            w.WriteEndArray();
            WriteTime(w, "from", FromMs);
            WriteTime(w, "to", ToMs);
            w.WriteString("seed", Seed);
            w.WriteNumber("sample_size", SampleSize);
            w.WriteString("key_fingerprint_sha256", KeyFingerprint);
            w.WriteString("auditor", Auditor);
            w.WriteString("created", CreatedAt);
            w.WriteBoolean("passed", Passed);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static AuditRecord Parse(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var r = doc.RootElement;
            if (r.GetProperty("format").GetString() != FormatName)
            {
                throw new FormatException($"not a {FormatName} record");
            }

            return new AuditRecord(
                r.GetProperty("controls").EnumerateArray().Select(c => c.GetString() ?? "").ToList(),
                ReadTime(r, "from"), ReadTime(r, "to"),
                r.GetProperty("seed").GetString() ?? "", r.GetProperty("sample_size").GetInt32(),
                r.GetProperty("key_fingerprint_sha256").GetString() ?? "", r.GetProperty("auditor").GetString() ?? "",
                r.GetProperty("created").GetString() ?? "", r.GetProperty("passed").GetBoolean());
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"unreadable {FileName}: {ex.Message}", ex);
        }
    }

    private static void WriteTime(Utf8JsonWriter w, string name, long? ms)
    {
        if (ms is { } t)
        {
            w.WriteString(name, DateTimeOffset.FromUnixTimeMilliseconds(t).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static long? ReadTime(JsonElement r, string name) =>
        r.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? DateTimeOffset.Parse(v.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind).ToUnixTimeMilliseconds()
            : null;
}
