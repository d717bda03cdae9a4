using TrailNormalizer.Aws.FollowUps;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Evidence.Checkpoints;

namespace TrailNormalizer.Aws.CheckpointWitness;

/// <summary>
/// Copies the checkpoints the witness does not hold yet, create-only, under the same keys
/// (<c>log/checkpoints/N.checkpoint</c>) so that <c>trailnorm verify --witness</c> compares them. It walks back from the
/// newest checkpoint until one the witness holds, then copies oldest first: an interrupted run leaves no gap, the next
/// run resumes where it stopped. Each run costs one HEAD on the witness when nothing is new. The copy the walk stops at
/// is compared with the evidence: a difference means the evidence's chain was rewritten (or the witness was), and is refused.
/// </summary>
public sealed class WitnessCopier(IEvidenceStore evidence, IEvidenceStore witness, RetentionPolicy retention, TimeProvider time) : ISealFollowUp
{
    public IReadOnlyList<KeyValuePair<string, long>> Run() => [new("witnessed", Copy())];

    /// <summary>Copies what is missing; returns how many checkpoints it copied.</summary>
    public int Copy()
    {
        var checkpoints = evidence.List(SealRecord.CheckpointsPrefix).Where(k => k.EndsWith(".checkpoint", StringComparison.Ordinal)).ToList();
        var missing = new List<string>();
        for (int i = checkpoints.Count - 1; i >= 0; i--)
        {
            if (witness.Exists(checkpoints[i]))
            {
                RequireSame(checkpoints[i]);
                break;
            }

            missing.Add(checkpoints[i]);
        }

        int copied = 0;
        var retainUntil = retention.RetainUntil(time.GetUtcNow());
        foreach (string key in Enumerable.Reverse(missing))
        {
            byte[] note = ReadAll(evidence, key);
            try
            {
                witness.Put(key, note, retainUntil);
                copied++;
            }
            catch (EvidenceExistsException)
            {
                // An overlapping seal run copied it first.
                RequireSame(key);
            }
        }

        return copied;
    }

    private void RequireSame(string key)
    {
        if (!ReadAll(witness, key).AsSpan().SequenceEqual(ReadAll(evidence, key)))
        {
            throw new InvalidOperationException($"forked: the witness holds a different {key} than the evidence; run 'trailnorm verify --witness'");
        }
    }

    private static byte[] ReadAll(IEvidenceStore store, string key)
    {
        using var stream = store.OpenRead(key);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
