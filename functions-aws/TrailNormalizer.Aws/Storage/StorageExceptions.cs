namespace TrailNormalizer.Aws.Storage;

/// <summary>
/// The storage service kept failing in ways a retry could cure (throttling, 5xx, timeouts, refused connections)
/// until the caller's deadline or the attempt limit. The invocation should fail so the work is redelivered.
/// </summary>
public sealed class StorageUnavailableException(string operation, int attempts, string why, Exception? last)
    : IOException($"storage unavailable: {operation} failed after {attempts} attempt(s) ({why}){(last is null ? "" : ": " + last.Message)}", last)
{
    public string Operation { get; } = operation;

    public int Attempts { get; } = attempts;
}

/// <summary>The storage is not set up the way evidence requires (e.g. a bucket without Object Lock); retrying cannot help.</summary>
public sealed class StorageConfigurationException(string message, Exception? inner = null) : InvalidOperationException(message, inner);
