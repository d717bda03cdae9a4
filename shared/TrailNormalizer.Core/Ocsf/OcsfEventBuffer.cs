using System.Buffers;
using System.Text.Json;
using TrailNormalizer.Core.Mapping;

namespace TrailNormalizer.Core.Ocsf;

/// <summary>
/// One event being written: the buffer, its <see cref="Writer"/> (with <see cref="OcsfWriting.WriterOptions"/>),
/// and <see cref="Finish"/>, which turns the written object into the <see cref="NormalizedEvent"/> the store files.
/// </summary>
internal sealed class OcsfEventBuffer : IDisposable
{
    private readonly ArrayBufferWriter<byte> buffer;

    public OcsfEventBuffer(int initialCapacity = 4096)
    {
        buffer = new ArrayBufferWriter<byte>(initialCapacity);
        Writer = OcsfWriting.NewWriter(buffer);
    }

    public Utf8JsonWriter Writer { get; }

    /// <summary>The written event object with what the store needs to file it.</summary>
    public NormalizedEvent Finish(int classUid, long timeMs, EvidencePartition partition, string uid)
    {
        Writer.Flush();
        return new NormalizedEvent(buffer.WrittenSpan.ToArray(), classUid, timeMs, partition, uid);
    }

    /// <summary>Writes one event object with <paramref name="body"/> (which writes its attributes) and finishes it.</summary>
    public static NormalizedEvent Write(int classUid, long timeMs, string uid, EvidencePartition partition, Action<Utf8JsonWriter> body, int initialCapacity = 4096)
    {
        using var ev = new OcsfEventBuffer(initialCapacity);
        ev.Writer.WriteStartObject();
        body(ev.Writer);
        ev.Writer.WriteEndObject();
        return ev.Finish(classUid, timeMs, partition, uid);
    }

    public void Dispose() => Writer.Dispose();
}
