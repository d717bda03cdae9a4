namespace TrailNormalizer.Aws.Storage;

/// <summary>Where the S3 evidence store writes: bucket, optional key prefix, optional SSE-KMS key.</summary>
public sealed record S3EvidenceStoreOptions
{
    public S3EvidenceStoreOptions(string bucket, string? prefix = null, string? kmsKeyId = null)
    {
        if (string.IsNullOrWhiteSpace(bucket) || bucket.Contains('/', StringComparison.Ordinal))
        {
            throw new StorageConfigurationException($"not a bucket name: '{bucket}'");
        }

        Bucket = bucket;
        Prefix = NormalizePrefix(prefix);
        KmsKeyId = string.IsNullOrWhiteSpace(kmsKeyId) ? null : kmsKeyId;
    }

    public string Bucket { get; }

    /// <summary>Empty, or a folder-like prefix ending in '/': every evidence key is stored as Prefix + key.</summary>
    public string Prefix { get; }

    /// <summary>When set, every PUT asks for SSE-KMS with this key (the bucket default may differ).</summary>
    public string? KmsKeyId { get; }

    /// <summary>Keys per ListObjectsV2 page (S3's maximum is 1000).</summary>
    public int ListPageSize { get; init; } = 1000;

    /// <summary>TRAILNORM_EVIDENCE_BUCKET (required), TRAILNORM_EVIDENCE_PREFIX, TRAILNORM_KMS_DATA_KEY_ID.</summary>
    public static S3EvidenceStoreOptions FromEnvironment(Func<string, string?>? variable = null)
    {
        variable ??= Environment.GetEnvironmentVariable;
        string bucket = variable("TRAILNORM_EVIDENCE_BUCKET") is { Length: > 0 } b
            ? b
            : throw new StorageConfigurationException("TRAILNORM_EVIDENCE_BUCKET is not set");
        return new S3EvidenceStoreOptions(bucket, variable("TRAILNORM_EVIDENCE_PREFIX"), variable("TRAILNORM_KMS_DATA_KEY_ID"));
    }

    private static string NormalizePrefix(string? prefix)
    {
        string p = (prefix ?? "").Trim('/');
        if (p.Length == 0)
        {
            return "";
        }

        if (p.Contains('\\', StringComparison.Ordinal) || p.Split('/').Any(part => part is "" or "." or ".."))
        {
            throw new StorageConfigurationException($"not a usable key prefix: '{prefix}'");
        }

        return p + "/";
    }
}
