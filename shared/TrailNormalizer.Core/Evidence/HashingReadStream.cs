using System.Security.Cryptography;
using TrailNormalizer.Core.Input;

namespace TrailNormalizer.Core.Evidence;

/// <summary>A read-only pass-through that hashes and counts every byte read from the stream it wraps.</summary>
internal sealed class HashingReadStream(Stream inner, IncrementalHash hash) : ReadOnlyStream(inner)
{
    public long BytesRead { get; private set; }

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        int read = Inner.Read(buffer);
        hash.AppendData(buffer[..read]);
        BytesRead += read;
        return read;
    }

    /// <summary>Reads what is left, so the hash and count cover the whole stream even when its reader stopped early.</summary>
    public void Drain(byte[] buffer)
    {
        while (Read(buffer) > 0)
        {
        }
    }
}
