using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace TrailNormalizer.Core.Evidence;

/// <summary>
/// One gzip member built without holding a compressor open: written bytes wait uncompressed until
/// <see cref="SegmentBytes"/>, then a short-lived deflate compressor turns them into a segment, ends it with a sync flush
/// (byte-aligned, not final) and is freed. Consecutive segments are therefore one valid deflate stream; <see cref="Finish"/>
/// puts them under a gzip header, ends the stream with an empty final block and appends the CRC-32 and length trailer. The
/// result is an ordinary single-member gzip file (any gzip reader decodes it), while what is held in memory is only the
/// compressed segments and at most one segment's input.
/// <para>
/// A full segment is compressed on the thread pool, so compression overlaps with the caller (the writer thread); the bytes
/// do not depend on when or where a segment is compressed. <see cref="MemoryBytes"/> changes only on the caller's thread: a
/// segment still being compressed counts as its input until <see cref="Collect"/> waits for it, so the count is never below
/// what is held and, after <see cref="Collect"/>, exact (the same for the same input, whatever the timing).
/// </para>
/// </summary>
internal sealed class SegmentedGzip
{
    /// <summary>Input compressed together as one segment (a segment's matches do not reach into the one before it).</summary>
    public const int SegmentBytes = 64 * 1024;

    // Beyond its input, deflate's output is at most about this plus 5 bytes per 64 KiB (stored blocks, the sync marker).
    private const int SegmentOverhead = 64;

    // ID1 ID2, CM deflate, no flags, no modification time, no extra flags, OS unknown (RFC 1952 section 2.3).
    private static readonly byte[] Header = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];

    // A final stored block of no bytes (BFINAL 1, BTYPE 00, LEN 0, NLEN 0xFFFF): a sync flush leaves the stream byte-aligned.
    private static readonly byte[] FinalBlock = [0x01, 0x00, 0x00, 0xff, 0xff];

    private readonly List<byte[]> _segments = [];
    private readonly Queue<(Task<byte[]> Segment, int Charged)> _compressing = new();
    private readonly Crc32 _crc = new();
    private byte[] _pending = [];
    private int _pendingLength;
    private long _compressedBytes;
    private long _compressingBytes;
    private long _length;

    /// <summary>What it holds in memory: the compressed segments (those still being compressed as their input) and the input waiting for the next one.</summary>
    public long MemoryBytes => _compressedBytes + _compressingBytes + _pending.Length;

    /// <summary>True while a segment is being compressed (<see cref="MemoryBytes"/> then counts its input).</summary>
    public bool IsCompressing => _compressing.Count > 0;

    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (_pendingLength > 0 && _pendingLength + bytes.Length > SegmentBytes)
        {
            StartSegment(); // keeps the waiting input within a segment (and its buffer off the large object heap)
        }

        int needed = _pendingLength + bytes.Length;
        if (needed > _pending.Length)
        {
            Array.Resize(ref _pending, Math.Max(needed, Math.Min(SegmentBytes, Math.Max(1024, _pending.Length * 2))));
        }

        bytes.CopyTo(_pending.AsSpan(_pendingLength));
        _pendingLength = needed;
        _crc.Append(bytes);
        _length += bytes.Length;
        if (_pendingLength >= SegmentBytes)
        {
            StartSegment();
        }
    }

    /// <summary>Waits for the segments being compressed; <see cref="MemoryBytes"/> is then what the compressed bytes hold.</summary>
    public void Collect()
    {
        while (_compressing.TryDequeue(out var compressing))
        {
            byte[] segment = compressing.Segment.GetAwaiter().GetResult();
            _segments.Add(segment);
            _compressedBytes += segment.Length;
            _compressingBytes -= compressing.Charged;
        }
    }

    /// <summary>The gzip file: header, the segments, the final block, CRC-32 and length.</summary>
    public byte[] Finish()
    {
        Collect();
        if (_pendingLength > 0)
        {
            _segments.Add(Deflate(_pending, _pendingLength)); // the last one here: nothing else would overlap with it
            _compressedBytes += _segments[^1].Length;
            _pending = [];
            _pendingLength = 0;
        }

        var file = new byte[Header.Length + _compressedBytes + FinalBlock.Length + 8];
        Header.CopyTo(file, 0);
        int at = Header.Length;
        foreach (var segment in _segments)
        {
            segment.CopyTo(file, at);
            at += segment.Length;
        }

        FinalBlock.CopyTo(file, at);
        at += FinalBlock.Length;
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(at), _crc.GetCurrentHashAsUInt32());
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(at + 4), unchecked((uint)_length));
        return file;
    }

    private void StartSegment()
    {
        byte[] input = _pending;
        int length = _pendingLength;
        int charged = length + (length >> 10) + SegmentOverhead; // never below what the segment will hold
        _compressing.Enqueue((Task.Run(() => Deflate(input, length)), charged));
        _compressingBytes += charged;
        _pending = []; // a batch waiting for its next line holds only its segments
        _pendingLength = 0;
    }

    /// <summary>One segment: the input deflated and sync-flushed, so every byte is in it and it ends byte-aligned and not final.</summary>
    private static byte[] Deflate(byte[] input, int length)
    {
        var output = new MemoryStream((length / 4) + SegmentOverhead);
        using var deflate = new DeflateStream(output, CompressionLevel.Fastest, leaveOpen: true);
        deflate.Write(input, 0, length);
        deflate.Flush();
        return output.GetBuffer().AsSpan(0, (int)output.Length).ToArray(); // taken before disposing would add a final block
    }
}
