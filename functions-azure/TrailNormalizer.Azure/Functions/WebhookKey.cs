using System.Security.Cryptography;
using System.Text;

namespace TrailNormalizer.Azure.Functions;

/// <summary>The shared-secret check of the Webhook function.</summary>
public static class WebhookKey
{
    /// <summary>
    /// True only when a key is configured and <paramref name="presented"/> equals it. Compares SHA-256 digests in
    /// constant time, so neither the content nor the length of the key leaks through timing.
    /// </summary>
    public static bool Matches(string? configured, string? presented)
    {
        if (string.IsNullOrEmpty(configured) || presented is null)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(configured)),
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
    }
}
