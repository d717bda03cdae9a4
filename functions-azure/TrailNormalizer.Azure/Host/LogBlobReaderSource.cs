using TrailNormalizer.Azure.Functions;
using TrailNormalizer.Azure.Storage;

namespace TrailNormalizer.Azure.Host;

/// <summary>The storage layer's <see cref="LogBlobReader"/> as the functions' <see cref="ILogBlobSource"/>.</summary>
internal sealed class LogBlobReaderSource(LogBlobReader reader) : ILogBlobSource
{
    public LogBlobRead? OpenFrom(Uri blobUrl, long offset, long maxBytes, out string? reason) => reader.OpenFrom(blobUrl, offset, maxBytes, out reason);

    public IEnumerable<LogBlobInfo> ListModifiedSince(DateTimeOffset since, DateTimeOffset now) => reader.ListModifiedSince(since, now);
}
