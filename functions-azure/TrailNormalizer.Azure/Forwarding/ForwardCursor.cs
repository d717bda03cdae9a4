using System.Buffers;
using System.Globalization;
using System.Text.Json;
using TrailNormalizer.Azure.Storage;
using TrailNormalizer.Core.Evidence;

namespace TrailNormalizer.Azure.Forwarding;

/// <summary>
/// How far one sink (Log Analytics, the findings topic) has got through the sealed evidence log, kept in the evidence
/// store: <c>cursors/forward/&lt;sink&gt;/&lt;leaves, 20 digits&gt;.json</c> holding <c>{"sink","leaves","seal","created"}</c>:
/// the first <c>leaves</c> batches of the log are done, and <c>seal</c> is the seal record holding the last of them (where
/// the next run starts reading). Written create-only, one per run that made progress, so the highest key is the position
/// (<see cref="PositionKeys"/>).
/// </summary>
public sealed record ForwardCursor(string Sink, long Leaves, long Seal, DateTimeOffset Created)
{
    public static string FolderFor(string sink) => EvidenceKeys.CursorsPrefix + "forward/" + sink + "/";

    public string Key => PositionKeys.KeyFor(FolderFor(Sink), Leaves);

    /// <summary>The latest cursor of <paramref name="sink"/>, or the start of the log.</summary>
    public static ForwardCursor Latest(IEvidenceStore store, string sink)
    {
        string? last = PositionKeys.Latest(store, FolderFor(sink));
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
}
