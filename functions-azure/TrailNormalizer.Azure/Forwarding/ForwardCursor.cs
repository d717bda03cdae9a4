using System.Buffers;
using System.Globalization;
using System.Text.Json;
using TrailNormalizer.Core.Evidence;

namespace TrailNormalizer.Azure.Forwarding;

/// <summary>
/// How far one sink (Log Analytics, the findings topic) has got through the sealed evidence log, kept in the evidence
/// store: <c>cursors/forward/&lt;sink&gt;/&lt;leaves, 20 digits&gt;.json</c> holding <c>{"sink","leaves","seal","created"}</c>:
/// the first <c>leaves</c> batches of the log are done, and <c>seal</c> is the seal record holding the last of them (where
/// the next run starts reading). Written create-only, one per run that made progress, so the highest key is the position
/// and two runs racing cannot move it back.
/// </summary>
public sealed record ForwardCursor(string Sink, long Leaves, long Seal, DateTimeOffset Created)
{
    private const string Suffix = ".json";
    private const int LeafDigits = 20;

    public static string FolderFor(string sink) => EvidenceKeys.CursorsPrefix + "forward/" + sink + "/";

    public string Key => FolderFor(Sink) + Leaves.ToString(CultureInfo.InvariantCulture).PadLeft(LeafDigits, '0') + Suffix;

    /// <summary>The latest cursor of <paramref name="sink"/>, or the start of the log.</summary>
    public static ForwardCursor Latest(IEvidenceStore store, string sink)
    {
        string? last = store.List(FolderFor(sink)).LastOrDefault(IsCursorKey);
        if (last is null)
        {
            return new ForwardCursor(sink, 0, 0, DateTimeOffset.UnixEpoch);
        }

        using var stream = store.OpenRead(last);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        var cursor = Parse(memory.ToArray());
        return cursor.Sink == sink && cursor.Key == last
            ? cursor
            : throw new InvalidDataException($"{last} does not hold the cursor its name says");
    }

    public byte[] ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(160);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("sink", Sink);
            w.WriteNumber("leaves", Leaves);
            w.WriteNumber("seal", Seal);
            w.WriteString("created", Created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static ForwardCursor Parse(ReadOnlySpan<byte> json)
    {
        using var document = JsonDocument.Parse(json.ToArray());
        var root = document.RootElement;
        return new ForwardCursor(root.GetProperty("sink").GetString()!, root.GetProperty("leaves").GetInt64(), root.GetProperty("seal").GetInt64(),
            DateTimeOffset.Parse(root.GetProperty("created").GetString()!, CultureInfo.InvariantCulture));
    }

    // Only names this class writes count: anything else in the folder cannot move the position.
    private static bool IsCursorKey(string key)
    {
        int name = key.LastIndexOf('/') + 1;
        return key.Length - name == LeafDigits + Suffix.Length && key.EndsWith(Suffix, StringComparison.Ordinal)
            && key.AsSpan(name, LeafDigits).IndexOfAnyExceptInRange('0', '9') < 0;
    }
}
