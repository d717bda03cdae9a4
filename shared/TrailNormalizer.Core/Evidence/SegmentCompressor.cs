using System.IO.Compression;

namespace TrailNormalizer.Core.Evidence;

/// <summary>
/// Compresses the segments of one writer's batches (<see cref="SegmentedGzip"/>) on the thread pool, a few at a time: when
/// as many are being compressed as there are places, the writer waits for the oldest, so segments handed over faster than
/// they compress do not pile up in memory. Use it from one thread (the writer's).
/// </summary>
internal sealed class SegmentCompressor
{
    private readonly Queue<Task<byte[]>> _inFlight = new();
    private readonly int _places;

    /// <param name="places">Segments compressed at once at most; by default twice the number of processors.</param>
    public SegmentCompressor(int? places = null) => _places = places ?? 2 * Environment.ProcessorCount;

    /// <summary>Starts compressing <paramref name="length"/> bytes of <paramref name="input"/>, which it then owns.</summary>
    public Task<byte[]> Start(byte[] input, int length)
    {
        while (_inFlight.TryPeek(out var oldest) && (oldest.IsCompleted || _inFlight.Count >= _places))
        {
            Task.WaitAny(oldest); // a failure is thrown where the batch collects the segment, not here
            _inFlight.Dequeue();
        }

        var segment = Task.Run(() => Deflate(input, length));
        _inFlight.Enqueue(segment);
        return segment;
    }

    /// <summary>One segment: the input deflated and sync-flushed, so every byte is in it and it ends byte-aligned and not final.</summary>
    public static byte[] Deflate(byte[] input, int length)
    {
        var output = new MemoryStream((length / 4) + 64);
        using var deflate = new DeflateStream(output, CompressionLevel.Fastest, leaveOpen: true);
        deflate.Write(input, 0, length);
        deflate.Flush();
        return output.GetBuffer().AsSpan(0, (int)output.Length).ToArray(); // taken before disposing would add a final block
    }
}
