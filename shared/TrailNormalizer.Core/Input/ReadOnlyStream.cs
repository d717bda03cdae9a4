namespace TrailNormalizer.Core.Input;

/// <summary>
/// The shape every forward-only stream wrapper in the project shares: readable, not seekable, not writable,
/// disposing the stream it wraps. A subclass supplies <see cref="Read(Span{byte})"/> and nothing else it does not need.
/// </summary>
public abstract class ReadOnlyStream(Stream inner) : Stream
{
    /// <summary>The stream this one reads from; disposed with it.</summary>
    protected Stream Inner { get; } = inner;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public abstract override int Read(Span<byte> buffer);

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
