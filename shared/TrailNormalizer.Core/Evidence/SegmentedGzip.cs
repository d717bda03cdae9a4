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

    private readonly List<byte[]> _segments = [];
    private readonly Crc32 _crc = new();
    private byte[] _pending = [];
    private int _pendingLength;
    private long _compressedBytes;
    private long _length;

    /// <summary>What it holds in memory: the compressed segments and the input waiting for the next one.</summary>
    public long MemoryBytes => _compressedBytes + _pending.Length;

    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (_pendingLength > 0 && _pendingLength + bytes.Length > SegmentBytes)
        {
            CompressPending(); // keeps the waiting input within a segment (and its buffer off the large object heap)
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
            CompressPending();
        }
    }

    /// <summary>The gzip file: header, the segments, the final block, CRC-32 and length.</summary>
    public byte[] Finish()
    {
        CompressPending();
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

    private void CompressPending()
    {
        if (_pendingLength == 0)
        {
            return;
        }

        var output = new MemoryStream((_pendingLength / 4) + 64);
        using (var deflate = new DeflateStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            deflate.Write(_pending, 0, _pendingLength);
            deflate.Flush(); // sync flush: every byte written is in the output, which ends byte-aligned and not final
            _segments.Add(output.GetBuffer().AsSpan(0, (int)output.Length).ToArray());
        }

        _compressedBytes += _segments[^1].Length;
        _pending = []; // a batch waiting for its next line holds only compressed bytes
        _pendingLength = 0;
    }
}
