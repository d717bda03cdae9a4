namespace TrailNormalizer.Core.Sources;

/// <summary>
/// Resolves <c>s3://bucket/key</c> to <c>DIR/bucket/key</c> in a local mirror of buckets (the CLI's
/// <c>--s3-mirror DIR</c>). Names that would leave DIR (<c>..</c>, rooted keys) are refused.
/// </summary>
public sealed class MirrorObjectSource : IObjectSource
{
    private readonly string _root;

    public MirrorObjectSource(string directory)
    {
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
    }

    public Stream? Open(string bucket, string key, out string? missingReason)
    {
        string? path = Resolve(bucket, key, out missingReason);
        if (path is null)
        {
            return null;
        }

        if (!File.Exists(path))
        {
            missingReason = "not in the mirror folder";
            return null;
        }

        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            missingReason = $"cannot read the mirrored object: {ex.Message}";
            return null;
        }
    }

    /// <summary>The file for the object, or null with the reason when the name would leave the mirror folder.</summary>
    public string? Resolve(string bucket, string key, out string? problem)
    {
        problem = null;
        if (bucket.Length == 0 || bucket.Contains('/', StringComparison.Ordinal) || bucket.Contains('\\', StringComparison.Ordinal) || bucket is "." or "..")
        {
            problem = "not a bucket name";
            return null;
        }

        if (key.Length == 0 || key.Contains('\0', StringComparison.Ordinal) || Path.IsPathRooted(key)
            || key.Split('/', '\\').Any(segment => segment == ".."))
        {
            problem = "the key would leave the mirror folder";
            return null;
        }

        string full = Path.GetFullPath(Path.Combine(_root, bucket, key));
        if (!full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            problem = "the key would leave the mirror folder";
            return null;
        }

        return full;
    }
}
