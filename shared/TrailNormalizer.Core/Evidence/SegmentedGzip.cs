using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace TrailNormalizer.Core.Evidence;

/// <summary>
/// One gzip member built without holding a compressor open: written bytes wait uncompressed until
/// <see cref="SegmentBytes"/>, then one short-lived deflate compressor turns them into a segment and is flushed with a
/// sync flush (which ends the segment on a byte boundary without ending the stream) and freed. Consecutive segments are
/// therefore one valid deflate stream; <see cref="Finish"/> puts them under a gzip header, ends the stream with an empty
/// final block and appends the CRC-32 and length trailer. The result is an ordinary single-member gzip file (any gzip
/// reader decodes it), while what is held in memory is only the compressed segments and at most one segment's input.
/// </summary>
internal sealed class SegmentedGzip
{
    /// <summary>Input compressed together as one segment (a segment's matches do not reach into the one before it).</summary>
    public const int SegmentBytes = 64 * 1024;

    // ID1 ID2, CM deflate, no flags, no modification time, no extra flags, OS unknown (RFC 1952 section 2.3).
    private static readonly byte[] Header = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];

    // A final stored block of no bytes (BFINAL 1, BTYPE 00, LEN 0, NLEN 0xFFFF): a sync flush leaves the stream byte-aligned.
    private static readonly byte[] FinalBlock = [0x01, 0x00, 0x00, 0xff, 0xff];

    /// <summary>Where this thread's compressor writes a segment before it is appended to its batch.</summary>
    [ThreadStatic]
    private static MemoryStream? Scratch;

    // Both buffers are rented and given back as they are outgrown or emptied, so the many batches of a long run reuse
    // the same arrays instead of leaving one garbage array per segment for the collector to find in gen 2.
    private readonly Crc32 _crc = new();
    private byte[] _compressed = [];
    private int _compressedLength;
    private byte[] _pending = [];
    private int _pendingLength;
    private int _segments;
    private long _length;

    /// <summary>What it holds in memory: the compressed segments and the input waiting for the next one.</summary>
    public long MemoryBytes => _compressed.Length + _pending.Length;

    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (_pendingLength > 0 && _pendingLength + bytes.Length > SegmentBytes)
        {
            CompressPending(); // keeps the waiting input within a segment (and its buffer off the large object heap)
        }

        int needed = _pendingLength + bytes.Length;
        if (needed > _pending.Length)
        {
            // A batch's first segment grows from 1 KB (most batches of a many-partition mix stay small); once a batch has
            // filled a segment it takes a whole one at once.
            int grown = _segments > 0 ? SegmentBytes : Math.Min(SegmentBytes, Math.Max(1024, _pending.Length * 2));
            Grow(ref _pending, _pendingLength, Math.Max(needed, grown));
        }

        bytes.CopyTo(_pending.AsSpan(_pendingLength));
        _pendingLength = needed;
        _crc.Append(bytes);
        _length += bytes.Length;
        if (_pendingLength >= SegmentBytes)
        {
            CompressPending();
        }
    }

    /// <summary>The gzip file: header, the segments, the final block, CRC-32 and length. The instance is spent afterwards.</summary>
    public byte[] Finish()
    {
        CompressPending();
        var file = new byte[Header.Length + _compressedLength + FinalBlock.Length + 8];
        Header.CopyTo(file, 0);
        int at = Header.Length;
        _compressed.AsSpan(0, _compressedLength).CopyTo(file.AsSpan(at));
        at += _compressedLength;
        FinalBlock.CopyTo(file, at);
        at += FinalBlock.Length;
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(at), _crc.GetCurrentHashAsUInt32());
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(at + 4), unchecked((uint)_length));
        Return(ref _compressed);
        _compressedLength = 0;
        return file;
    }

    private void CompressPending()
    {
        if (_pendingLength == 0)
        {
            return;
        }

        var output = Scratch ??= new MemoryStream(SegmentBytes);
        output.SetLength(0);
        int segmentLength;
        using (var deflate = new DeflateStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            deflate.Write(_pending, 0, _pendingLength);
            deflate.Flush(); // sync flush: every byte written is in the output, which ends byte-aligned and not final
            segmentLength = (int)output.Length; // what disposing adds after this (a final block) is not part of the segment
        }

        var segment = output.GetBuffer().AsSpan(0, segmentLength);
        if (_compressedLength + segment.Length > _compressed.Length)
        {
            Grow(ref _compressed, _compressedLength, Math.Max(_compressedLength + segment.Length, _compressed.Length * 2));
        }

        segment.CopyTo(_compressed.AsSpan(_compressedLength));
        _compressedLength += segment.Length;
        _segments++;
        Return(ref _pending); // a batch waiting for its next line holds only compressed bytes
        _pendingLength = 0;
    }

    private static void Grow(ref byte[] buffer, int used, int size)
    {
        var larger = System.Buffers.ArrayPool<byte>.Shared.Rent(size);
        buffer.AsSpan(0, used).CopyTo(larger);
        Return(ref buffer);
        buffer = larger;
    }

    private static void Return(ref byte[] buffer)
    {
        if (buffer.Length > 0)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }

        buffer = [];
    }
}
