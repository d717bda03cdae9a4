using TrailNormalizer.Core.Sources;

namespace TrailNormalizer.Aws.Handlers;

/// <summary>
/// Lets pointers open objects only in the configured source buckets (<c>TRAILNORM_SOURCE_BUCKETS</c>): a message
/// naming any other bucket is quarantined instead of making the function read wherever its role reaches.
/// </summary>
public sealed class AllowedBucketsObjectSource(IObjectSource inner, IReadOnlySet<string> buckets) : IObjectSource
{
    public Stream? Open(string bucket, string key, out string? missingReason)
    {
        if (!buckets.Contains(bucket))
        {
            missingReason = $"bucket {bucket} is not a configured source bucket (TRAILNORM_SOURCE_BUCKETS)";
            return null;
        }

        return inner.Open(bucket, key, out missingReason);
    }
}
