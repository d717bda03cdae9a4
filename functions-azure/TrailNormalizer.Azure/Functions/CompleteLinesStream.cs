using TrailNormalizer.Core.Input;

namespace TrailNormalizer.Azure.Functions;

/// <summary>
/// Passes a log blob's bytes through only up to its last line end: a line Azure Monitor is still appending is held
/// back (and read again next time) unless <c>releaseTail</c> says the blob is finished. A line longer than
/// <c>maxLineBytes</c> is released anyway so memory stays bounded (the reader quarantines it as oversized).
/// <see cref="Released"/> counts the bytes passed on: where the next read starts.
/// </summary>
public sealed class CompleteLinesStream(Stream inner, bool releaseTail, int maxLineBytes) : ReadOnlyStream(inner)
{
    private const int Chunk = 64 * 1024;

    private byte[] _buffer = new byte[Chunk];
    private int _start;
    private int _releasable;
    private int _end;
    private bool _eof;

    /// <summary>Bytes handed to the reader so far.</summary>
    public long Released { get; private set; }

    /// <summary>Bytes of an unfinished last line that were held back (known once the stream has been read to its end).</summary>
    public int HeldBack => _eof ? _end - _releasable : 0;

    /// <summary>
    /// The error reading the blob failed with, if it did. The Core's reader turns a read error into a quarantine item and
    /// stops; the follower must fail instead, so the lines after the error are read again rather than skipped.
    /// </summary>
    public Exception? Failure { get; private set; }

    /// <summary>Everything that may be released has been read.</summary>
    public bool AtEnd => _eof && _start == _releasable;

    public override long Position { get => Released; set => throw new NotSupportedException(); }

    public override int Read(Span<byte> buffer)
    {
        while (_start == _releasable)
        {
            if (_eof || !Fill())
            {
                return 0;
            }
        }

        int n = Math.Min(buffer.Length, _releasable - _start);
        _buffer.AsSpan(_start, n).CopyTo(buffer);
        _start += n;
        Released += n;
        return n;
    }

    /// <summary>Reads more of the blob; false at its end once nothing more may be released.</summary>
    private bool Fill()
    {
        Compact();
        int read;
        try
        {
            read = Inner.Read(_buffer, _end, _buffer.Length - _end);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Failure = ex;
            throw;
        }

        if (read == 0)
        {
            _eof = true;
            if (releaseTail)
            {
                _releasable = _end;
            }

            return _releasable > _start;
        }

        int lastNewline = _buffer.AsSpan(_end, read).LastIndexOf((byte)'\n');
        _end += read;
        if (lastNewline >= 0)
        {
            _releasable = _end - read + lastNewline + 1;
        }
        else if (_end - _start > maxLineBytes)
        {
            _releasable = _end;
        }

        return true;
    }

    /// <summary>Moves the unreleased bytes to the front and makes room for another chunk.</summary>
    private void Compact()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _releasable -= _start;
            _start = 0;
        }

        if (_buffer.Length - _end < Chunk / 2)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
    }
}
