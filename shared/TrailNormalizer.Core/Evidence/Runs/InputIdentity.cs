using System.Security.Cryptography;

namespace TrailNormalizer.Core.Evidence.Runs;

/// <summary>
/// What an input is, so a re-run can recognise it: a file's path, size and SHA-256 of its bytes. The SHA-256 is the
/// identity (the same bytes under another path are the same input); the path is recorded for people.
/// </summary>
public sealed record InputIdentity(string Path, long Size, string Sha256)
{
    public static InputIdentity OfFile(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        byte[] hash = SHA256.HashData(file);
        return new InputIdentity(path, file.Length, Convert.ToHexStringLower(hash));
    }
}
