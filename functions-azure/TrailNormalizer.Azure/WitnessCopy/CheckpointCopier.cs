using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Evidence.Checkpoints;

namespace TrailNormalizer.Azure.WitnessCopy;

/// <summary>
/// Copies to the witness every checkpoint of the evidence store it does not hold yet, in the layout
/// <c>trailnorm verify --witness</c> reads (<c>log/checkpoints/N.checkpoint</c>). It lists both sides once and reads only
/// the new checkpoints, so a run costs two listings and one read and write per new checkpoint however long the log is
/// (Core's <see cref="Witness.Sync"/> reads every seal record and checks every copy on each run). A copy that appears
/// meanwhile (a racing seal) must be identical, or the witness and the evidence have forked.
/// </summary>
public static class CheckpointCopier
{
    public static int CopyMissing(IEvidenceStore store, IEvidenceStore witness, TimeProvider time, RetentionPolicy retention)
    {
        var held = witness.List(SealRecord.CheckpointsPrefix).Where(IsCheckpoint).ToHashSet(StringComparer.Ordinal);
        int copied = 0;
        foreach (string key in store.List(SealRecord.CheckpointsPrefix).Where(k => IsCheckpoint(k) && !held.Contains(k)))
        {
            byte[] note = Read(store, key);
            try
            {
                witness.Put(key, note, retention.RetainUntil(time.GetUtcNow()));
                copied++;
            }
            catch (EvidenceExistsException) when (Read(witness, key).AsSpan().SequenceEqual(note))
            {
                // Another seal copied the same checkpoint first.
            }
            catch (EvidenceExistsException)
            {
                throw new InvalidOperationException($"forked: {key}: the witness holds a different checkpoint");
            }
        }

        return copied;
    }

    private static bool IsCheckpoint(string key) => key.EndsWith(".checkpoint", StringComparison.Ordinal);

    private static byte[] Read(IEvidenceStore store, string key)
    {
        using var stream = store.OpenRead(key);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}
