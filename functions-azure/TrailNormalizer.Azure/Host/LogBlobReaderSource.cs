using TrailNormalizer.Azure.Functions;
using TrailNormalizer.Azure.Storage;

namespace TrailNormalizer.Azure.Host;

/// <summary>The storage layer's <see cref="LogBlobReader"/> as the functions' <see cref="ILogBlobSource"/>.</summary>
internal sealed class LogBlobReaderSource(LogBlobReader reader) : ILogBlobSource
{
    public Stream? Open(Uri blobUrl, out string? reason) => reader.Open(blobUrl, out reason);
}
