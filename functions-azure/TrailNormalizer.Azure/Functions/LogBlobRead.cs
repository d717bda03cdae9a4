namespace TrailNormalizer.Azure.Functions;

/// <summary>
/// One ranged read of a log blob: <see cref="Content"/> streams the bytes from <see cref="Offset"/> on; the rest
/// describes the whole blob as of that read. Owns the stream.
/// </summary>
public sealed class LogBlobRead(Stream content, long offset, long length, long blobLength, DateTimeOffset lastModified, bool growing) : IDisposable
{
    public Stream Content { get; } = content;

    public long Offset { get; } = offset;

    /// <summary>How many bytes <see cref="Content"/> holds (the read is bounded).</summary>
    public long Length { get; } = length;

    /// <summary>The blob's length when it was read.</summary>
    public long BlobLength { get; } = blobLength;

    public DateTimeOffset LastModified { get; } = lastModified;

    /// <summary>An append blob that is not sealed: more may be appended. Block blobs are complete when created.</summary>
    public bool Growing { get; } = growing;

    /// <summary>The read runs to the blob's end (it was not cut by its bound).</summary>
    public bool ReachesEnd => Offset + Length >= BlobLength;

    /// <summary>Nothing after <paramref name="offset"/> (the blob ends there).</summary>
    public static LogBlobRead Empty(long offset, DateTimeOffset lastModified, bool growing) => new(Stream.Null, offset, 0, offset, lastModified, growing);

    public void Dispose() => Content.Dispose();
}
