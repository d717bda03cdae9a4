using System.Globalization;
using TrailNormalizer.Core.Merkle;

namespace TrailNormalizer.Core.Evidence.Checkpoints;

/// <summary>
/// Walks the checkpoint chain: every seal has a checkpoint signed by the trusted key, each checkpoint names
/// its predecessor and is consistent with it, each root equals the tree recomputed from the sealed batches'
/// manifests, each seal record is the one its checkpoint names, and no batch older than the last checkpoint is left out of the log.
/// </summary>
public static class LogVerifier
{
    /// <summary>
    /// Adds findings for the log; returns the number of checkpoints, warnings for the report, and the abandoned objects
    /// recorded by seals whose checkpoint verified and commits to the seal record (by key).
    /// </summary>
    public static (int Checkpoints, List<string> Warnings, Dictionary<string, (long Seal, AbandonedObject Object)> Abandoned) Verify(
        IEvidenceStore store, byte[]? publicKeySpki, IReadOnlyDictionary<string, BatchManifest> manifests, List<VerifyFinding> findings)
    {
        var warnings = new List<string>();
        var abandoned = new Dictionary<string, (long Seal, AbandonedObject Object)>(StringComparer.Ordinal);
        var log = EvidenceLog.Read(store, findings);
        if (log.Seals.Count == 0)
        {
            if (publicKeySpki is not null)
            {
                findings.Add(new VerifyFinding("unsealed", "log/", "no checkpoint: the evidence was never sealed"));
            }

            return (0, warnings, abandoned);
        }

        if (publicKeySpki is null)
        {
            warnings.Add("checkpoint signatures not checked: pass --pubkey to check them");
        }

        var leaves = new List<byte[]>();
        byte[]? signingKey = publicKeySpki;
        Checkpoint? previous = null;
        string? previousNote = null;
        for (int i = 0; i < log.Seals.Count; i++)
        {
            var seal = log.Seals[i];
            string checkpointKey = SealRecord.CheckpointKey(seal.Sequence);
            foreach (string manifestKey in seal.Appended)
            {
                if (manifests.TryGetValue(manifestKey, out var manifest))
                {
                    leaves.Add(LogLeaf.Hash(manifest));
                }
                else
                {
                    findings.Add(new VerifyFinding("missing", manifestKey, $"sealed in {checkpointKey} but absent or unreadable"));
                    leaves.Add(new byte[MerkleHash.Size]);
                }
            }

            string? note = log.Checkpoints[i];
            if (note is null)
            {
                findings.Add(new VerifyFinding("missing", checkpointKey, $"seal {seal.Sequence} has no checkpoint"));
                break;
            }

            signingKey = FollowRotation(store, seal.Sequence, seal.Origin, signingKey, findings);
            Checkpoint checkpoint;
            try
            {
                string text = signingKey is null ? SignedNote.UnverifiedText(note) : SignedNote.Open(note, seal.Origin, signingKey);
                checkpoint = Checkpoint.Parse(text);
            }
            catch (FormatException ex)
            {
                findings.Add(new VerifyFinding("bad-signature", checkpointKey, ex.Message));
                break;
            }

            if (checkpoint.Origin != seal.Origin || checkpoint.Size != seal.TreeSize || checkpoint.Size != leaves.Count)
            {
                findings.Add(new VerifyFinding("altered", checkpointKey, string.Create(CultureInfo.InvariantCulture,
                    $"checkpoint says {checkpoint.Origin} size {checkpoint.Size}, the seal record {seal.Origin} size {seal.TreeSize}")));
            }
            else if (!MerkleHash.Root(leaves).AsSpan().SequenceEqual(checkpoint.Root))
            {
                findings.Add(new VerifyFinding("altered", checkpointKey, "root does not match the sealed batches (a batch or its manifest was changed, reordered or replaced)"));
            }

            CheckSealRecord(seal, log.SealHashes[i], checkpoint, findings, abandoned);
            string expectedPrevious = previousNote is null ? "none" : EvidenceLog.NoteHash(previousNote);
            if (checkpoint.Previous != expectedPrevious)
            {
                findings.Add(new VerifyFinding("reordered", checkpointKey, "does not name its predecessor checkpoint"));
            }

            if (previous is not null && checkpoint.Size == leaves.Count
                && !MerkleProofs.VerifyConsistency(previous.Size, checkpoint.Size, MerkleProofs.Consistency(leaves, (int)previous.Size), previous.Root, checkpoint.Root))
            {
                findings.Add(new VerifyFinding("inconsistent", checkpointKey, string.Create(CultureInfo.InvariantCulture,
                    $"does not extend checkpoint {seal.Sequence - 1} (size {previous.Size})")));
            }

            previous = checkpoint;
            previousNote = note;
        }

        FollowRotation(store, log.Seals.Count, log.Seals[^1].Origin, signingKey, findings);
        var lastSealedAt = log.Seals[^1].SealedAt;
        var staleBefore = DateTimeOffset.Parse(lastSealedAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind) - Sealer.LateWriteGrace;
        var inLog = log.Leaves.ToHashSet(StringComparer.Ordinal);
        int pending = 0;
        foreach (var (key, manifest) in manifests.Where(m => !inLog.Contains(m.Key)))
        {
            if (!DateTimeOffset.TryParse(manifest.Created, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var created) || created < staleBefore)
            {
                findings.Add(new VerifyFinding("unsealed", key, $"written before the last checkpoint ({lastSealedAt}) but not in the log"));
            }
            else
            {
                pending++;
            }
        }

        if (pending > 0)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"{pending} batches written after the last checkpoint are not sealed yet"));
        }

        return (log.Seals.Count, warnings, abandoned);
    }

    /// <summary>
    /// The key that must sign checkpoint <paramref name="sequence"/>: the successor a <see cref="KeyRotation"/> stored for it
    /// names, when the current key signed that statement; otherwise the current key (a bad statement is a finding).
    /// </summary>
    private static byte[]? FollowRotation(IEvidenceStore store, long sequence, string origin, byte[]? currentKey, List<VerifyFinding> findings)
    {
        if (currentKey is null || KeyRotation.Read(store, sequence) is not { } note)
        {
            return currentKey;
        }

        try
        {
            var rotation = KeyRotation.Open(note, origin, currentKey);
            if (rotation.Origin == origin && rotation.FromSequence == sequence)
            {
                return rotation.NewKeySpki;
            }

            findings.Add(new VerifyFinding("altered", KeyRotation.Key(sequence), $"names log {rotation.Origin} seal {rotation.FromSequence}"));
        }
        catch (FormatException ex)
        {
            findings.Add(new VerifyFinding("bad-signature", KeyRotation.Key(sequence), $"key rotation not signed by the log's key: {ex.Message}"));
        }

        return currentKey;
    }

    /// <summary>
    /// A checkpoint with a "trailnormalizer/seal" line commits to its seal record's bytes; only then are the record's
    /// abandoned objects trusted. An older checkpoint without the line is fine for a record that lists none.
    /// </summary>
    private static void CheckSealRecord(SealRecord seal, string sealHash, Checkpoint checkpoint, List<VerifyFinding> findings,
        Dictionary<string, (long Seal, AbandonedObject Object)> abandoned)
    {
        string sealKey = SealRecord.SealKey(seal.Sequence);
        if (checkpoint.SealHash is null)
        {
            if (seal.Abandoned.Count > 0)
            {
                findings.Add(new VerifyFinding("altered", sealKey, "lists abandoned objects, but its checkpoint does not commit to the seal record"));
            }
        }
        else if (checkpoint.SealHash != sealHash)
        {
            findings.Add(new VerifyFinding("altered", sealKey, $"SHA-256 {sealHash} is not the {checkpoint.SealHash} its checkpoint names"));
        }
        else
        {
            foreach (var item in seal.Abandoned)
            {
                abandoned.TryAdd(item.Key, (seal.Sequence, item));
            }
        }
    }
}
