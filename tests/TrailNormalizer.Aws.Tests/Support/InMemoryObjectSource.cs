using TrailNormalizer.Core.Sources;

namespace TrailNormalizer.Aws.Tests.Support;

/// <summary>S3 objects in memory; a key listed in <see cref="Failing"/> throws like an S3 outage.</summary>
public sealed class InMemoryObjectSource : IObjectSource
{
    public Dictionary<string, byte[]> Objects { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Failing { get; } = new(StringComparer.Ordinal);

    public List<string> Opened { get; } = [];

    public void Add(string bucket, string key, byte[] content) => Objects[$"{bucket}/{key}"] = content;

    public Stream? Open(string bucket, string key, out string? missingReason)
    {
        Opened.Add($"{bucket}/{key}");
        if (Failing.Contains($"{bucket}/{key}"))
        {
            throw new IOException($"simulated S3 outage reading s3://{bucket}/{key}");
        }

        missingReason = Objects.ContainsKey($"{bucket}/{key}") ? null : "NoSuchKey";
        return missingReason is null ? new MemoryStream(Objects[$"{bucket}/{key}"]) : null;
    }
}
