using System.Buffers.Binary;
using System.Security.Cryptography;

namespace TrailNormalizer.Core.Evidence;

/// <summary>The first 128 bits of a SHA-256, as two words (a table entry stays small; UInt128 would pad it).</summary>
internal readonly record struct Digest128(ulong High, ulong Low)
{
    public static Digest128 Of(ReadOnlySpan<byte> sha256) =>
        new(BinaryPrimitives.ReadUInt64LittleEndian(sha256), BinaryPrimitives.ReadUInt64LittleEndian(sha256[8..]));

    public static Digest128 OfText(ReadOnlySpan<byte> utf8)
    {
        Span<byte> sha = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8, sha);
        return Of(sha);
    }
}

/// <summary>One event as the duplicate tally needs it: the digests of its uid and raw record, and where its uid's text is kept.</summary>
internal readonly record struct EventDigest(Digest128 Uid, Digest128 Raw, int UidStart, int UidLength);

/// <summary>
/// The identities of one batch's events in the form the duplicate tally keeps, without an object per event: 40 bytes an
/// event plus its uid's UTF-8 bytes (kept only to name a conflict), in line order.
/// </summary>
internal sealed class EventDigests
{
    private EventDigest[] _events = new EventDigest[256];
    private byte[] _uids = new byte[1 << 14];
    private int _uidBytes;

    public int Count { get; private set; }

    public EventDigest this[int index] => _events[index];

    public void Add(ReadOnlySpan<byte> uid, ReadOnlySpan<byte> rawSha256)
    {
        if (Count == _events.Length)
        {
            Array.Resize(ref _events, 2 * _events.Length);
        }

        if (_uidBytes + uid.Length > _uids.Length)
        {
            Array.Resize(ref _uids, Math.Max(2 * _uids.Length, _uidBytes + uid.Length));
        }

        uid.CopyTo(_uids.AsSpan(_uidBytes));
        _events[Count++] = new EventDigest(Digest128.OfText(uid), Digest128.Of(rawSha256), _uidBytes, uid.Length);
        _uidBytes += uid.Length;
    }

    /// <summary>Empties it for the next batch, keeping its arrays.</summary>
    public void Clear()
    {
        Count = 0;
        _uidBytes = 0;
    }

    public ReadOnlySpan<byte> UidOf(in EventDigest digest) => _uids.AsSpan(digest.UidStart, digest.UidLength);
}
