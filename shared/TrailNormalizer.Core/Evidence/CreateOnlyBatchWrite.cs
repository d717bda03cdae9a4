namespace TrailNormalizer.Core.Evidence;

/// <summary>
/// Stores a batch object and then its manifest, create-only. When the key is taken, the batch there is compared with this
/// one: the same bytes (its manifest's SHA-256, or the object's own digest when an interrupted write left it without a
/// manifest) mean an earlier delivery of the same input stored it — it counts as stored, and a missing manifest is written
/// now. Different bytes under the key (a record whose time had to be replaced by the time it was received differs on every
/// delivery) are stored under the next attempt's key, <c>ID-r2</c>, <c>ID-r3</c>, ...; verify then counts the duplicate delivery.
/// </summary>
internal static class CreateOnlyBatchWrite
{
    public const int MaxAttempts = 4;

    /// <summary>The manifest of the batch as stored, and whether this write stored it (false: an earlier copy was met).</summary>
    public static (BatchManifest Manifest, bool Written) Store(IEvidenceStore store, byte[] bytes, BatchManifest manifest, DateTimeOffset retainUntil)
    {
        for (int attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var m = attempt == 1 ? manifest : Retry(manifest, attempt);
            string manifestKey = EvidenceKeys.ManifestKeyFor(m.ObjectKey);
            bool last = attempt == MaxAttempts;
            // Asking first as well: a store that versions instead of refusing (radosgw with Object Lock) would keep both.
            if (store.Exists(m.ObjectKey) || !TryPut(store, m.ObjectKey, bytes, retainUntil, last))
            {
                if (StoredSha(store, manifestKey) is { } sha)
                {
                    if (sha == m.Sha256)
                    {
                        return (m, false);
                    }

                    continue;
                }

                if (ObjectDigest.Of(store, m.ObjectKey).Sha256 != m.Sha256)
                {
                    continue;
                }
            }

            if (!store.Exists(manifestKey) && TryPut(store, manifestKey, m.ToJson(), retainUntil, last))
            {
                return (m, true);
            }

            // A concurrent writer of the same delivery stored the manifest between our two writes.
            if (StoredSha(store, manifestKey) == m.Sha256)
            {
                return (m, false);
            }
        }

        throw new EvidenceExistsException(manifest.ObjectKey);
    }

    private static BatchManifest Retry(BatchManifest manifest, int attempt)
    {
        string id = $"{manifest.BatchId}-r{attempt}";
        string folder = manifest.ObjectKey[..(manifest.ObjectKey.LastIndexOf('/') + 1)];
        return manifest with { BatchId = id, ObjectKey = folder + id + EvidenceKeys.BatchSuffix };
    }

    private static bool TryPut(IEvidenceStore store, string key, byte[] content, DateTimeOffset retainUntil, bool last)
    {
        try
        {
            store.Put(key, content, retainUntil);
            return true;
        }
        catch (EvidenceExistsException) when (!last)
        {
            return false;
        }
    }

    private static string? StoredSha(IEvidenceStore store, string manifestKey)
    {
        if (!store.Exists(manifestKey))
        {
            return null;
        }

        try
        {
            return BatchManifest.Parse(Checkpoints.EvidenceLog.ReadAll(store, manifestKey)).Sha256;
        }
        catch (FormatException)
        {
            return ""; // unreadable: never the same batch
        }
    }
}
