namespace TrailNormalizer.Core.Sources;

/// <summary>
/// Opens the objects that pointers name (S3 event notifications, CloudTrail "log file delivered" notices).
/// The Lambda adapter reads S3; the CLI reads a local mirror folder.
/// </summary>
public interface IObjectSource
{
    /// <summary>
    /// A readable stream of the object, or null with <paramref name="missingReason"/> when it does not exist or
    /// may not be read (the pointer is then quarantined). Throws when the store fails in a way a retry may cure
    /// (the SQS message then fails and is redelivered).
    /// </summary>
    Stream? Open(string bucket, string key, out string? missingReason);
}
