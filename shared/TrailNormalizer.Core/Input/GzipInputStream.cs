using System.IO.Compression;
using System.IO.Hashing;

namespace TrailNormalizer.Core.Input;

/// <summary>
/// Decodes gzip (RFC 1952) member by member, checking what <see cref="GZipStream"/> lets pass silently: a
/// truncated input of any length, each member's CRC-32 and length trailer, and bytes after the last member.
/// Concatenated members are read in order. A problem throws <see cref="InvalidDataException"/> naming it and its
/// compressed byte offset, only after every byte decoded before it has been returned.
/// </summary>
internal sealed class GzipInputStream(Stream compressed) : ReadOnlyStream(compressed)
{
    private const int MinimumMemberBytes = 18; // 10-byte header, an empty deflate block, 8-byte trailer
    private readonly CompressedFeed _feed = new(compressed);
    private readonly Crc32 _crc = new();
    private DeflateStream? _member;
    private long _memberStart;
    private long _memberLength;
    private int _members;
    private bool _done;

    public override int Read(Span<byte> buffer)
    {
        while (!_done && buffer.Length > 0)
        {
            if (_member is null && !StartMember())
            {
                _done = true;
                break;
            }

            int read = ReadMember(buffer);
            if (read > 0)
            {
                _crc.Append(buffer[..read]);
                _memberLength += read;
                return read;
            }

            FinishMember();
        }

        return 0;
    }

    private int ReadMember(Span<byte> buffer)
    {
        try
        {
            return _member!.Read(buffer);
        }
        catch (InvalidDataException ex)
        {
            throw Problem($"gzip member at byte {_memberStart} has corrupt deflate data ({ex.Message.TrimEnd('.')}) near byte {_feed.Offset}");
        }
    }

    /// <summary>Reads a member header; false at the clean end of the input (after at least one member).</summary>
    private bool StartMember()
    {
        _memberStart = _feed.Offset;
        Span<byte> header = stackalloc byte[10];
        int got = _feed.ReadFully(header);
        if (got == 0 && _members > 0)
        {
            return false;
        }

        if (got >= 2 && (header[0] != 0x1F || header[1] != 0x8B) && _members > 0)
        {
            long rest = got + _feed.CountRest();
            throw Problem($"{rest} bytes after the last gzip member (at byte {_memberStart}) are not gzip");
        }

        if (got < 10)
        {
            throw Problem($"gzip input is truncated: it ends at byte {_memberStart + got} inside the header of the member at byte {_memberStart} (a member needs at least {MinimumMemberBytes} bytes)");
        }

        if (header[2] != 8)
        {
            throw Problem($"gzip member at byte {_memberStart} uses compression method {header[2]}, not deflate");
        }

        SkipOptionalHeaderFields(header[3]);
        _member = new DeflateStream(_feed, CompressionMode.Decompress, leaveOpen: true);
        _feed.StartHistory();
        _crc.Reset();
        _memberLength = 0;
        _members++;
        return true;
    }

    private void SkipOptionalHeaderFields(byte flags)
    {
        if ((flags & 0xE0) != 0)
        {
            throw Problem($"gzip member at byte {_memberStart} sets reserved header flags");
        }

        Span<byte> two = stackalloc byte[2];
        if ((flags & 0x04) != 0)
        {
            Need(_feed.ReadFully(two) == 2);
            Need(_feed.Skip(two[0] | (two[1] << 8)));
        }

        if ((flags & 0x08) != 0)
        {
            Need(_feed.SkipPastZero());
        }

        if ((flags & 0x10) != 0)
        {
            Need(_feed.SkipPastZero());
        }

        if ((flags & 0x02) != 0)
        {
            Need(_feed.ReadFully(two) == 2);
        }
    }

    private void Need(bool present)
    {
        if (!present)
        {
            throw Problem($"gzip input is truncated: it ends at byte {_feed.Offset} inside the header of the member at byte {_memberStart}");
        }
    }

    /// <summary>
    /// The deflate data of the member has ended: its trailer (CRC-32 and length, little-endian) must follow at once.
    /// The inflater may have read past it, so the trailer is looked for in the bytes it was handed last.
    /// </summary>
    private void FinishMember()
    {
        _member!.Dispose();
        _member = null;
        Span<byte> trailer = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(trailer, _crc.GetCurrentHashAsUInt32());
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(trailer[4..], unchecked((uint)_memberLength));
        if (!_feed.ConsumeThrough(trailer))
        {
            string why = _feed.AtEnd
                ? $"gzip input is truncated or corrupt: the member at byte {_memberStart} ends at byte {_feed.Offset} without a CRC-32/length trailer matching its {_memberLength} decoded bytes"
                : $"gzip member at byte {_memberStart}: its CRC-32/length trailer does not match the {_memberLength} decoded bytes";
            throw Problem(why);
        }
    }

    private static InvalidDataException Problem(string message) => new(message);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _member?.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>
    /// The compressed bytes, handed out in small reads so the inflater can only over-read a little; remembers what
    /// it handed out since the member started, and takes back what followed the trailer.
    /// </summary>
    private sealed class CompressedFeed(Stream source) : ReadOnlyStream(source)
    {
        private const int MaxRead = 4096;
        private readonly byte[] _one = new byte[1];
        private byte[] _history = new byte[2 * MaxRead];
        private int _historyLength;
        private byte[] _pushback = [];
        private int _pushbackAt;

        /// <summary>Offset in the compressed input of the next byte handed out.</summary>
        public long Offset { get; private set; }

        public bool AtEnd { get; private set; }

        public void StartHistory() => _historyLength = 0;

        public override int Read(Span<byte> buffer)
        {
            var target = buffer[..Math.Min(buffer.Length, MaxRead)];
            int read;
            if (_pushbackAt < _pushback.Length)
            {
                read = Math.Min(target.Length, _pushback.Length - _pushbackAt);
                _pushback.AsSpan(_pushbackAt, read).CopyTo(target);
                _pushbackAt += read;
            }
            else
            {
                read = target.IsEmpty ? 0 : Inner.Read(target);
                AtEnd |= read == 0 && !target.IsEmpty;
            }

            Remember(target[..read]);
            Offset += read;
            return read;
        }

        public int ReadFully(Span<byte> buffer)
        {
            int total = 0;
            while (total < buffer.Length)
            {
                int read = Read(buffer[total..]);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }

            return total;
        }

        public bool Skip(int count)
        {
            Span<byte> scratch = stackalloc byte[256];
            while (count > 0)
            {
                int read = ReadFully(scratch[..Math.Min(count, scratch.Length)]);
                if (read == 0)
                {
                    return false;
                }

                count -= read;
            }

            return true;
        }

        public bool SkipPastZero()
        {
            while (Read(_one) == 1)
            {
                if (_one[0] == 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>How many bytes are left (read and dropped).</summary>
        public long CountRest()
        {
            long count = 0;
            Span<byte> scratch = stackalloc byte[4096];
            int read;
            while ((read = Read(scratch)) > 0)
            {
                count += read;
            }

            return count;
        }

        /// <summary>
        /// Finds <paramref name="trailer"/> among the bytes the inflater may not have used (the last read, plus a
        /// few more) and takes back what follows it; false when it is not there.
        /// </summary>
        public bool ConsumeThrough(ReadOnlySpan<byte> trailer)
        {
            Span<byte> more = stackalloc byte[trailer.Length];
            int extra = ReadFully(more);
            int from = Math.Max(0, _historyLength - MaxRead - trailer.Length - extra);
            int at = _history.AsSpan(from, _historyLength - from).IndexOf(trailer);
            if (at < 0)
            {
                return false;
            }

            int end = from + at + trailer.Length;
            var rest = _history.AsSpan(end, _historyLength - end).ToArray();
            var unread = _pushback.AsSpan(_pushbackAt).ToArray();
            _pushback = [.. rest, .. unread];
            _pushbackAt = 0;
            Offset -= rest.Length;
            _historyLength = 0;
            return true;
        }

        private void Remember(ReadOnlySpan<byte> bytes)
        {
            if (_historyLength + bytes.Length > _history.Length)
            {
                int keep = Math.Min(_historyLength, (2 * MaxRead) - bytes.Length);
                Buffer.BlockCopy(_history, _historyLength - keep, _history, 0, keep);
                _historyLength = keep;
            }

            bytes.CopyTo(_history.AsSpan(_historyLength));
            _historyLength += bytes.Length;
        }
    }
}
