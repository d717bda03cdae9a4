using System.Buffers;
using System.Text.Json;

namespace TrailNormalizer.Core.Evidence;

/// <summary>
/// What a batch object holds, written beside it: the object's SHA-256 and size, the number of lines,
/// the RFC 6962 Merkle root over the lines (leaf = SHA-256(0x00 ‖ line bytes without the newline)),
/// the events' time range and partition. The checkpoint log builds on these roots.
/// </summary>
public sealed record BatchManifest
{
    public const string FormatName = "trailnormalizer.batch/1";

    public required string BatchId { get; init; }

    /// <summary>"events" or "quarantine".</summary>
    public required string Kind { get; init; }

    /// <summary>The batch object's key.</summary>
    public required string ObjectKey { get; init; }

    public required string Sha256 { get; init; }

    public required long Bytes { get; init; }

    public required int Count { get; init; }

    public required string MerkleRoot { get; init; }

    public long? TimeStartMs { get; init; }

    public long? TimeEndMs { get; init; }

    public IReadOnlyDictionary<string, string> Partition { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, int> Classes { get; init; } = new Dictionary<string, int>();

    public required string Created { get; init; }

    public required string Producer { get; init; }

    /// <summary>The date until which the batch must stay immutable (ISO 8601, UTC).</summary>
    public string? RetainUntil { get; init; }

    /// <summary>Per input SHA-256, the ordinals of that input's records in this batch ("0-99,120"); empty for adapters' batches.</summary>
    public IReadOnlyDictionary<string, string> Inputs { get; init; } = new Dictionary<string, string>();

    public byte[] ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("format", FormatName);
            w.WriteString("batch_id", BatchId);
            w.WriteString("kind", Kind);
            w.WriteString("object", ObjectKey);
            w.WriteString("sha256", Sha256);
            w.WriteNumber("bytes", Bytes);
            w.WriteNumber("count", Count);
            w.WriteString("merkle_root", MerkleRoot);
            w.WriteString("merkle_leaf", "sha256(0x00 || ndjson line without newline), RFC 6962");
            if (TimeStartMs is { } start && TimeEndMs is { } end)
            {
                w.WriteNumber("time_start", start);
                w.WriteNumber("time_end", end);
            }

            WriteMap(w, "partition", Partition, (writer, v) => writer.WriteStringValue(v));
            WriteMap(w, "classes", Classes, (writer, v) => writer.WriteNumberValue(v));
            w.WriteString("created", Created);
            w.WriteString("producer", Producer);
            if (RetainUntil is not null)
            {
                w.WriteString("retain_until", RetainUntil);
            }

            if (Inputs.Count > 0)
            {
                WriteMap(w, "inputs", Inputs, (writer, v) => writer.WriteStringValue(v));
            }

            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads a manifest; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static BatchManifest Parse(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (Text(root, "format") != FormatName)
            {
                throw new FormatException($"not a {FormatName} manifest");
            }

            return new BatchManifest
            {
                BatchId = Text(root, "batch_id"),
                Kind = Text(root, "kind"),
                ObjectKey = Text(root, "object"),
                Sha256 = Text(root, "sha256"),
                Bytes = root.GetProperty("bytes").GetInt64(),
                Count = root.GetProperty("count").GetInt32(),
                MerkleRoot = Text(root, "merkle_root"),
                TimeStartMs = root.TryGetProperty("time_start", out var s) ? s.GetInt64() : null,
                TimeEndMs = root.TryGetProperty("time_end", out var e) ? e.GetInt64() : null,
                Partition = ReadMap(root, "partition", v => v.GetString() ?? ""),
                Classes = ReadMap(root, "classes", v => v.GetInt32()),
                Created = Text(root, "created"),
                Producer = Text(root, "producer"),
                RetainUntil = root.TryGetProperty("retain_until", out var r) ? r.GetString() : null,
                Inputs = ReadMap(root, "inputs", v => v.GetString() ?? ""),
            };
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new FormatException($"unreadable manifest: {ex.Message}", ex);
        }
    }

    private static string Text(JsonElement root, string name) =>
        root.GetProperty(name).GetString() ?? throw new FormatException($"manifest field {name} is null");

    private static void WriteMap<T>(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, T> map, Action<Utf8JsonWriter, T> write)
    {
        w.WriteStartObject(name);
        foreach (var (key, value) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            w.WritePropertyName(key);
            write(w, value);
        }

        w.WriteEndObject();
    }

    private static Dictionary<string, T> ReadMap<T>(JsonElement root, string name, Func<JsonElement, T> read)
    {
        var map = new Dictionary<string, T>(StringComparer.Ordinal);
        if (root.TryGetProperty(name, out var obj) && obj.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in obj.EnumerateObject())
            {
                map[p.Name] = read(p.Value);
            }
        }

        return map;
    }
}
