namespace TrailNormalizer.Azure.Functions;

/// <summary>
/// Opens the diagnostic-log blob a BlobCreated event names (Activity Log, resource logs). Implemented over Blob
/// storage by the storage layer; it refuses hosts and containers that are not allowed.
/// </summary>
public interface ILogBlobSource
{
    /// <summary>
    /// A stream of the blob, or null with <paramref name="reason"/> when it may not be read or does not exist (the
    /// event is then quarantined). Throws when storage fails in a way a retry may cure (the invocation then fails).
    /// </summary>
    Stream? Open(Uri blobUrl, out string? reason);
}
