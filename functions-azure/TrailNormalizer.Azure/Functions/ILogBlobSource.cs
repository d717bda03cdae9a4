namespace TrailNormalizer.Azure.Functions;

/// <summary>
/// Reads the diagnostic-log blobs Azure Monitor appends to (Activity Log, resource logs). Implemented over Blob
/// storage by the storage layer; it refuses hosts and containers that are not allowed.
/// </summary>
public interface ILogBlobSource
{
    /// <summary>
    /// Up to <paramref name="maxBytes"/> bytes of the blob from byte <paramref name="offset"/> on (a ranged, streamed read),
    /// or null with <paramref name="reason"/> when it may not be read or does not exist. Throws when storage fails in a
    /// way a retry may cure.
    /// </summary>
    LogBlobRead? OpenFrom(Uri blobUrl, long offset, long maxBytes, out string? reason);

    /// <summary>The blobs of the diagnostic-log containers of the allowed accounts last modified at or after <paramref name="since"/>.</summary>
    IEnumerable<LogBlobInfo> ListModifiedSince(DateTimeOffset since, DateTimeOffset now);
}

/// <summary>A listed log blob: where it is, how long it is and when it last grew.</summary>
public sealed record LogBlobInfo(Uri Url, long Length, DateTimeOffset LastModified);
