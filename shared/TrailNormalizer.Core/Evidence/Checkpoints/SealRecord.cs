using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace TrailNormalizer.Core.Evidence.Checkpoints;

/// <summary>A batch object left without a manifest by an interrupted write, as a seal recorded it: not evidence, but accounted for.</summary>
public sealed record AbandonedObject(string Key, string Sha256, long Bytes);

/// <summary>
/// What one seal appended to the log: the manifests of the batches, in log order, and the abandoned batch objects it
/// recorded. Stored as <c>log/seals/NNNNNNNNNNNN.json</c> beside the signed checkpoint <c>log/checkpoints/NNNNNNNNNNNN.checkpoint</c>.
/// It is not signed itself: the checkpoint names the SHA-256 of its bytes (and its root commits to the appended batches).
/// </summary>
public sealed record SealRecord(long Sequence, string Origin, string SealedAt, long PreviousSize, IReadOnlyList<string> Appended)
{
    /// <summary>Batch objects without a manifest that this seal recorded as abandoned, in key order (absent from older records).</summary>
    public IReadOnlyList<AbandonedObject> Abandoned { get; init; } = [];

    public const string SealsPrefix = "log/seals/";
    public const string CheckpointsPrefix = "log/checkpoints/";

    public long TreeSize => PreviousSize + Appended.Count;

    public static string SealKey(long sequence) => string.Create(CultureInfo.InvariantCulture, $"{SealsPrefix}{sequence:D12}.json");

    public static string CheckpointKey(long sequence) => string.Create(CultureInfo.InvariantCulture, $"{CheckpointsPrefix}{sequence:D12}.checkpoint");

    public byte[] ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("format", "trailnormalizer.seal/1");
            w.WriteNumber("sequence", Sequence);
            w.WriteString("origin", Origin);
            w.WriteString("sealed_at", SealedAt);
            w.WriteNumber("previous_size", PreviousSize);
            w.WriteNumber("tree_size", TreeSize);
            w.WriteStartArray("appended");
            foreach (string manifest in Appended)
            {
                w.WriteStringValue(manifest);
            }

            w.WriteEndArray();
            w.WriteStartArray("abandoned");
            foreach (var item in Abandoned)
            {
                w.WriteStartObject();
                w.WriteString("key", item.Key);
                w.WriteString("sha256", item.Sha256);
                w.WriteNumber("bytes", item.Bytes);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static SealRecord Parse(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            var appended = root.GetProperty("appended").EnumerateArray().Select(e => e.GetString() ?? throw new FormatException("null manifest key")).ToList();
            var record = new SealRecord(
                root.GetProperty("sequence").GetInt64(),
                root.GetProperty("origin").GetString() ?? "",
                root.GetProperty("sealed_at").GetString() ?? "",
                root.GetProperty("previous_size").GetInt64(),
                appended)
            {
                Abandoned = root.TryGetProperty("abandoned", out var abandoned) ? abandoned.EnumerateArray().Select(ParseAbandoned).ToList() : [],
            };
            return record.TreeSize == root.GetProperty("tree_size").GetInt64() ? record : throw new FormatException("tree_size does not match the appended batches");
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"unreadable seal record: {ex.Message}", ex);
        }
    }

    private static AbandonedObject ParseAbandoned(JsonElement e)
    {
        string key = e.GetProperty("key").GetString() ?? throw new FormatException("null abandoned key");
        string sha = e.GetProperty("sha256").GetString() ?? "";
        long bytes = e.GetProperty("bytes").GetInt64();
        return sha.Length == 64 && sha.All(char.IsAsciiHexDigitLower) && bytes >= 0
            ? new AbandonedObject(key, sha, bytes)
            : throw new FormatException($"abandoned object {key} needs a lower-case hex sha256 and a size");
    }
}
