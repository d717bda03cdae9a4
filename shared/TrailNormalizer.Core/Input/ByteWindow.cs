namespace TrailNormalizer.Core.Input;

/// <summary>
/// A sliding window over a stream: bytes from <see cref="Start"/> to <see cref="End"/> are in memory,
/// everything before <see cref="Start"/> has been handed out and may be dropped. The window grows only
/// while one value is being captured, up to the caller's bound, so memory does not grow with the stream.
/// </summary>
internal sealed class ByteWindow
{
    private readonly Stream _stream;
    private byte[] _buffer;

    public ByteWindow(Stream stream, int initialSize = 64 * 1024)
    {
        _stream = stream;
        _buffer = new byte[initialSize];
    }

    /// <summary>Index in <see cref="Span"/> of the first byte not yet consumed.</summary>
    public int Start { get; set; }

    /// <summary>Index in <see cref="Span"/> one past the last byte read.</summary>
    public int End { get; private set; }

    /// <summary>True once the stream has returned its last byte.</summary>
    public bool Eof { get; private set; }

    /// <summary>Absolute stream offset of <c>Span[0]</c>.</summary>
    public long BaseOffset { get; private set; }

    /// <summary>Set when reading the stream failed (e.g. corrupt gzip); the window then behaves as at end.</summary>
    public string? ReadError { get; private set; }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, End);

    public ReadOnlyMemory<byte> Slice(int from, int length) => _buffer.AsMemory(from, length);

    public long Absolute(int index) => BaseOffset + index;

    /// <summary>
    /// Reads more bytes, keeping everything from <paramref name="keepFrom"/> on (indexes shift: the
    /// return value is how far they moved left). Grows the buffer when the kept part fills it, but never
    /// beyond <paramref name="maxKeep"/> bytes; returns false when nothing more can be read.
    /// </summary>
    public bool Fill(ref int keepFrom, int maxKeep)
    {
        if (Eof)
        {
            return false;
        }

        if (keepFrom > 0)
        {
            int kept = End - keepFrom;
            Buffer.BlockCopy(_buffer, keepFrom, _buffer, 0, kept);
            BaseOffset += keepFrom;
            Start -= keepFrom;
            End = kept;
            keepFrom = 0;
        }

        if (End == _buffer.Length)
        {
            if (_buffer.Length >= maxKeep)
            {
                return false;
            }

            Array.Resize(ref _buffer, (int)Math.Min((long)_buffer.Length * 2, maxKeep));
        }

        int read;
        try
        {
            read = _stream.Read(_buffer, End, _buffer.Length - End);
        }
        catch (InvalidDataException ex)
        {
            ReadError = "corrupt compressed data: " + ex.Message;
            Eof = true;
            return false;
        }
        catch (IOException ex)
        {
            ReadError = "read error: " + ex.Message;
            Eof = true;
            return false;
        }

        if (read == 0)
        {
            Eof = true;
            return false;
        }

        End += read;
        return true;
    }

    /// <summary>True when the window is full at <paramref name="maxKeep"/> bytes from <paramref name="keepFrom"/>.</summary>
    public bool IsAtLimit(int keepFrom, int maxKeep) => End - keepFrom >= maxKeep && _buffer.Length >= maxKeep;
}
