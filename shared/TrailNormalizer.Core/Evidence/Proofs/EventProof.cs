using System.Buffers;
using System.Text;
using System.Text.Json;

namespace TrailNormalizer.Core.Evidence.Proofs;

/// <summary>
/// A self-contained proof that one event is in the sealed evidence: the event bytes, its inclusion path in
/// its batch's Merkle tree, the batch's leaf and inclusion path in the log tree, the signed checkpoint, and
/// the fingerprint of the key that must have signed it. Checkable offline with the public key alone.
/// </summary>
public sealed record EventProof
{
    public const string FormatName = "trailnormalizer.proof/1";

    /// <summary>The event exactly as stored (one NDJSON line, without the newline).</summary>
    public required string Event { get; init; }

    public required string BatchObject { get; init; }

    public required long BatchIndex { get; init; }

    public required long BatchCount { get; init; }

    public required string BatchRoot { get; init; }

    public required IReadOnlyList<string> BatchPath { get; init; }

    /// <summary>The batch's log leaf text (<see cref="Checkpoints.LogLeaf"/>), which commits to the batch root.</summary>
    public required string LogLeaf { get; init; }

    public required long LogIndex { get; init; }

    public required long LogSize { get; init; }

    public required IReadOnlyList<string> LogPath { get; init; }

    /// <summary>The signed checkpoint note whose tree size is <see cref="LogSize"/>.</summary>
    public required string Checkpoint { get; init; }

    public required string KeyFingerprint { get; init; }

    /// <summary>RFC 9162 consistency proofs from earlier log sizes (kept checkpoints named to <c>prove</c>) to <see cref="LogSize"/>.</summary>
    public IReadOnlyList<ConsistencyProof> Consistency { get; init; } = [];

    public byte[] ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("format", FormatName);
            w.WriteString("event", Event);
            w.WriteStartObject("batch");
            w.WriteString("object", BatchObject);
            w.WriteNumber("index", BatchIndex);
            w.WriteNumber("count", BatchCount);
            w.WriteString("merkle_root", BatchRoot);
            WriteStrings(w, "inclusion", BatchPath);
            w.WriteEndObject();
            w.WriteStartObject("log");
            w.WriteString("leaf", LogLeaf);
            w.WriteNumber("index", LogIndex);
            w.WriteNumber("tree_size", LogSize);
            WriteStrings(w, "inclusion", LogPath);
            w.WriteStartArray("consistency");
            foreach (var step in Consistency)
            {
                w.WriteStartObject();
                w.WriteNumber("from_size", step.FromSize);
                WriteStrings(w, "path", step.Path);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteString("checkpoint", Checkpoint);
            w.WriteString("key_fingerprint_sha256", KeyFingerprint);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static EventProof Parse(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.GetProperty("format").GetString() != FormatName)
            {
                throw new FormatException($"not a {FormatName} proof");
            }

            var batch = root.GetProperty("batch");
            var log = root.GetProperty("log");
            return new EventProof
            {
                Event = Text(root, "event"),
                BatchObject = Text(batch, "object"),
                BatchIndex = batch.GetProperty("index").GetInt64(),
                BatchCount = batch.GetProperty("count").GetInt64(),
                BatchRoot = Text(batch, "merkle_root"),
                BatchPath = Strings(batch, "inclusion"),
                LogLeaf = Text(log, "leaf"),
                LogIndex = log.GetProperty("index").GetInt64(),
                LogSize = log.GetProperty("tree_size").GetInt64(),
                LogPath = Strings(log, "inclusion"),
                Checkpoint = Text(root, "checkpoint"),
                KeyFingerprint = Text(root, "key_fingerprint_sha256"),
                Consistency = log.TryGetProperty("consistency", out var steps)
                    ? steps.EnumerateArray().Select(s => new ConsistencyProof(s.GetProperty("from_size").GetInt64(), Strings(s, "path"))).ToList()
                    : [],
            };
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"unreadable proof: {ex.Message}", ex);
        }
    }

    public byte[] EventBytes => Encoding.UTF8.GetBytes(Event);

    private static string Text(JsonElement e, string name) => e.GetProperty(name).GetString() ?? throw new FormatException($"{name} is null");

    private static List<string> Strings(JsonElement e, string name) => e.GetProperty(name).EnumerateArray().Select(x => x.GetString() ?? "").ToList();

    private static void WriteStrings(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (string v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }
}

/// <summary>An RFC 9162 consistency proof (hex hashes) that the log of <paramref name="FromSize"/> batches is a prefix of the proof's log.</summary>
public sealed record ConsistencyProof(long FromSize, IReadOnlyList<string> Path);
