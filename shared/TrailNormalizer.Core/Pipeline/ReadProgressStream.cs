using TrailNormalizer.Core.Input;

namespace TrailNormalizer.Core.Pipeline;

/// <summary>
/// Counts the bytes read from an input file (before decompression) and tells <paramref name="onRead"/> about
/// every further <see cref="Step"/> bytes, so a progress display moves within a large file, not only between files.
/// </summary>
internal sealed class ReadProgressStream(Stream inner, Action<long> onRead) : ReadOnlyStream(inner)
{
    public const long Step = 1 << 20;

    private long _read;
    private long _nextReport = Step;

    public override int Read(Span<byte> buffer)
    {
        int n = Inner.Read(buffer);
        _read += n;
        if (_read >= _nextReport)
        {
            _nextReport = _read + Step;
            onRead(_read);
        }

        return n;
    }
}
