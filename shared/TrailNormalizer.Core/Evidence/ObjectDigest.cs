using System.Security.Cryptography;

namespace TrailNormalizer.Core.Evidence;

/// <summary>The SHA-256 and size of a stored object, read as a stream so an object of any size costs one buffer.</summary>
public readonly record struct ObjectDigest(string Sha256, long Bytes)
{
    public static ObjectDigest Of(IEvidenceStore store, string key)
    {
        using var stream = store.OpenRead(key);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            total += read;
        }

        return new ObjectDigest(Convert.ToHexStringLower(hash.GetHashAndReset()), total);
    }
}
