namespace TrailNormalizer.Core.Evidence.Checkpoints;

/// <summary>
/// Finds batch objects an interrupted write left without a manifest. The writer stores a batch object and then its
/// manifest; a failure between the two leaves the object in WORM storage for its whole retention while the input is
/// redelivered and written again under a new batch id. A seal records such an object (key, SHA-256, size) so verify can
/// account for it instead of reporting it as extra forever.
/// </summary>
public static class AbandonedWrites
{
    /// <summary>At most this many are recorded per seal, so a flood of planted objects cannot make one seal record huge.</summary>
    public const int MaxPerSeal = 1000;

    /// <summary>
    /// Objects among <paramref name="keys"/> with no manifest and not yet recorded in <paramref name="log"/>, whose batch id
    /// says they were created more than <see cref="Sealer.LateWriteGrace"/> before <paramref name="now"/> (a younger one's
    /// manifest may still be on its way). Objects whose name carries no batch id are never recorded: no writer of ours made them.
    /// </summary>
    public static List<AbandonedObject> Find(IEvidenceStore store, IReadOnlyCollection<string> keys, EvidenceLog log, DateTimeOffset now)
    {
        var manifests = keys.Where(k => k.EndsWith(EvidenceKeys.ManifestSuffix, StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        var recorded = log.Abandoned.Select(a => a.Object.Key).ToHashSet(StringComparer.Ordinal);
        return keys
            .Where(k => k.EndsWith(EvidenceKeys.BatchSuffix, StringComparison.Ordinal)
                && !manifests.Contains(EvidenceKeys.ManifestKeyFor(k))
                && !recorded.Contains(k)
                && EvidenceKeys.TryParseBatchTime(k, out var created) && created < now - Sealer.LateWriteGrace)
            .Order(StringComparer.Ordinal)
            .Take(MaxPerSeal)
            .Select(k => Record(store, k))
            .ToList();
    }

    private static AbandonedObject Record(IEvidenceStore store, string key)
    {
        var digest = ObjectDigest.Of(store, key);
        return new AbandonedObject(key, digest.Sha256, digest.Bytes);
    }
}
