using System.Net;
using Amazon.S3;
using TrailNormalizer.Core.Sources;

namespace TrailNormalizer.Aws.Storage;

/// <summary>
/// Opens the S3 objects that pointers name (S3 notifications, CloudTrail delivery notices) as a stream straight from
/// GetObject, never buffered whole. Only buckets on the allowed list are read (TRAILNORM_SOURCE_BUCKETS); a missing
/// object or a refused bucket is a reason (the pointer is quarantined); any other failure throws so the message is
/// retried.
/// </summary>
public sealed class S3ObjectSource : IObjectSource
{
    private const int MaxKeyLength = 1024;
    private readonly IAmazonS3 _s3;
    private readonly HashSet<string> _allowedBuckets;
    private readonly RetryPolicy _retry;

    public S3ObjectSource(IAmazonS3 s3, IEnumerable<string> allowedBuckets, RetryPolicy retry)
    {
        _s3 = s3;
        _allowedBuckets = new HashSet<string>(allowedBuckets.Select(b => b.Trim()).Where(b => b.Length > 0), StringComparer.Ordinal);
        _retry = retry;
    }

    /// <summary>Buckets from a comma-separated list such as TRAILNORM_SOURCE_BUCKETS.</summary>
    public static IReadOnlyList<string> ParseBuckets(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    public Stream? Open(string bucket, string key, out string? missingReason)
    {
        if (!_allowedBuckets.Contains(bucket))
        {
            missingReason = $"bucket not allowed: {(bucket.Length > 63 ? bucket[..63] + "…" : bucket)}";
            return null;
        }

        if (key.Length == 0 || key.Length > MaxKeyLength)
        {
            missingReason = "not an S3 object key";
            return null;
        }

        try
        {
            var response = _retry.Run($"GET s3://{bucket}/{key}", cancel => _s3.GetObjectAsync(bucket, key, cancel));
            missingReason = null;
            return new ObjectStream(response);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound && ex.ErrorCode == "NoSuchKey")
        {
            missingReason = "no such object";
            return null;
        }
    }
}
