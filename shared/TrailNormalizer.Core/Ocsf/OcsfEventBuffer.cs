using System.Buffers;
using System.Text.Json;
using TrailNormalizer.Core.Mapping;
using TrailNormalizer.Core.Rules;

namespace TrailNormalizer.Core.Ocsf;

/// <summary>
/// One event being written: the buffer, its <see cref="Writer"/> (with <see cref="OcsfWriting.WriterOptions"/>),
/// and <see cref="Finish"/>, which turns the written object into the <see cref="NormalizedEvent"/> the store files.
/// </summary>
/// <remarks>
/// The buffer and writer are reused: each thread keeps one pair, taken while an event is written and given back by
/// <see cref="Dispose"/>, so an event costs one copy of its bytes (<see cref="Finish"/>) and no new buffer. An event
/// written while another is open on the same thread gets a pair of its own; one never disposed is left to the collector.
/// </remarks>
internal sealed class OcsfEventBuffer : IDisposable
{
    /// <summary>A buffer that grew beyond this (a huge event) is dropped rather than kept for the next event.</summary>
    private const int MaxKeptCapacity = 1024 * 1024;

    [ThreadStatic]
    private static Pooled? t_free;

    private Pooled? _pooled;

    public OcsfEventBuffer(int initialCapacity = 4096)
    {
        _pooled = t_free ?? new Pooled(initialCapacity);
        t_free = null;
        _pooled.Writer.Reset(_pooled.Buffer);
    }

    public Utf8JsonWriter Writer => (_pooled ?? throw new ObjectDisposedException(nameof(OcsfEventBuffer))).Writer;

    /// <summary>The written event object with what the store needs to file it, and the rule kind of its source record (if any).</summary>
    public NormalizedEvent Finish(int classUid, long timeMs, EvidencePartition partition, string uid, SourceKind? kind = null)
    {
        Writer.Flush();
        return new NormalizedEvent(_pooled!.Buffer.WrittenSpan.ToArray(), classUid, timeMs, partition, uid) { Kind = kind };
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

    public void Dispose()
    {
        if (_pooled is not { } pooled)
        {
            return;
        }

        _pooled = null;
        pooled.Buffer.ResetWrittenCount();
        if (pooled.Buffer.Capacity <= MaxKeptCapacity)
        {
            t_free = pooled;
        }
    }

    private sealed class Pooled
    {
        public Pooled(int initialCapacity)
        {
            Buffer = new ArrayBufferWriter<byte>(initialCapacity);
            Writer = OcsfWriting.NewWriter(Buffer);
        }

        public ArrayBufferWriter<byte> Buffer { get; }

        public Utf8JsonWriter Writer { get; }
    }
}
