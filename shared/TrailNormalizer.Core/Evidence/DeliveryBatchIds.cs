using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TrailNormalizer.Core.Evidence;

/// <summary>
/// Batch ids derived from a delivery instead of drawn at random, so a redelivery computes the same keys and the store's
/// create-only write meets the earlier copy (<see cref="CreateOnlyBatchWrite"/>). The id keeps the shape of
/// <see cref="EvidenceKeys.NewBatchId"/>: the delivery's stamp (e.g. when SQS first handed the message out), then 16 hex
/// digits of SHA-256(identity, folder, n) for the n-th batch this delivery opens in that folder.
/// </summary>
public sealed class DeliveryBatchIds(string identity, DateTimeOffset stamp)
{
    private readonly Dictionary<string, int> _opened = new(StringComparer.Ordinal);

    public string Identity { get; } = identity;

    public DateTimeOffset Stamp { get; } = stamp;

    public string Next(string folder)
    {
        int n = _opened.GetValueOrDefault(folder);
        _opened[folder] = n + 1;
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Identity}\n{folder}\n{n}")));
        return Stamp.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(hash.AsSpan(0, 8));
    }
}
