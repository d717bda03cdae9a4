using System.Globalization;
using TrailNormalizer.Core.Merkle;

namespace TrailNormalizer.Core.Evidence.Checkpoints;

/// <summary>A signed checkpoint an auditor kept from an earlier audit (<c>trailnorm checkpoint DIR &gt; FILE</c>), named for messages.</summary>
public sealed record TrustedCheckpoint(string Name, string Note);

/// <summary>
/// What checking one kept checkpoint found: the finding when the log does not extend it; otherwise the RFC 9162
/// consistency proof from it to the latest checkpoint (null when no checkpoint signed by the chain covers the sealed log).
/// </summary>
public sealed record KeptCheckpointResult(VerifyFinding? Finding, ConsistencyEvidence? Proof);

/// <summary>
/// Rollback and fork detection, the one check of kept checkpoints behind verify, verify-proof, witnesses and audit packs:
/// proves with RFC 9162 consistency proofs that the log today extends every checkpoint the auditor kept. A log smaller
/// than a kept checkpoint was rolled back (newest batches, seals and checkpoints deleted); a log whose first N leaves do
/// not hash to a kept checkpoint's root was forked (history rewritten and re-signed).
/// </summary>
public static class TrustedCheckpoints
{
    /// <summary>
    /// Findings (<c>rolled-back</c>, <c>forked</c>, <c>bad-signature</c>) for each kept checkpoint the log in <paramref name="store"/>
    /// does not extend. The kept notes must be signed by <paramref name="publicKeySpki"/> or a key it handed the log to.
    /// </summary>
    public static List<VerifyFinding> Check(IEvidenceStore store, byte[] publicKeySpki, IEnumerable<TrustedCheckpoint> trusted)
    {
        var log = SealedLog.Read(store, publicKeySpki);
        return trusted.Select(log.Check).Select(r => r.Finding).OfType<VerifyFinding>().ToList();
    }

    /// <summary>The same check for one kept checkpoint, with the consistency proof an audit pack carries when the log extends it.</summary>
    public static KeptCheckpointResult Check(IEvidenceStore store, byte[] publicKeySpki, TrustedCheckpoint kept) =>
        SealedLog.Read(store, publicKeySpki).Check(kept);

    /// <summary>True when the RFC 9162 consistency proof from the kept checkpoint to the whole log over <paramref name="leaves"/> verifies against both roots.</summary>
    public static bool Extends(IReadOnlyList<byte[]> leaves, Checkpoint kept)
    {
        if (kept.Size == 0)
        {
            return true;
        }

        var proof = MerkleProofs.Consistency(leaves, (int)kept.Size);
        return MerkleProofs.VerifyConsistency(kept.Size, leaves.Count, proof, kept.Root, MerkleHash.Root(leaves));
    }

    /// <summary>The kept note's checkpoint when one of <paramref name="keys"/> signed it; null otherwise.</summary>
    public static Checkpoint? Open(TrustedCheckpoint kept, IEnumerable<byte[]> keys)
    {
        string origin = SignedNote.UnverifiedText(kept.Note).Split('\n')[0];
        foreach (byte[] key in keys)
        {
            try
            {
                return Checkpoint.Parse(SignedNote.Open(kept.Note, origin, key));
            }
            catch (FormatException)
            {
                // try the next key of the chain
            }
        }

        return null;
    }

    /// <summary>The trusted key and every key it handed the log to through verified rotation statements.</summary>
    public static List<byte[]> SigningKeys(IEvidenceStore store, EvidenceLog log, byte[] publicKeySpki)
    {
        var keys = new List<byte[]> { publicKeySpki };
        for (long sequence = 0; sequence <= log.Seals.Count; sequence++)
        {
            if (KeyRotation.Read(store, sequence) is not { } note)
            {
                continue;
            }

            try
            {
                keys.Add(KeyRotation.Open(note, log.Seals.Count > 0 ? log.Seals[0].Origin : "", keys[^1]).NewKeySpki);
            }
            catch (FormatException)
            {
                // not signed by the chain's key: verify reports it
            }
        }

        return keys;
    }

    private sealed record SealedLog(EvidenceLog Log, List<byte[]> Keys, List<byte[]> Leaves)
    {
        public static SealedLog Read(IEvidenceStore store, byte[] publicKeySpki)
        {
            var log = EvidenceLog.Read(store);
            return new SealedLog(log, SigningKeys(store, log, publicKeySpki), log.Leaves.Select(key => LeafOrZero(store, key)).ToList());
        }

        public KeptCheckpointResult Check(TrustedCheckpoint kept)
        {
            if (Open(kept, Keys) is not { } checkpoint)
            {
                return Found("bad-signature", kept, "the kept checkpoint is not signed by the trusted key");
            }

            if (Log.Seals.Count > 0 && checkpoint.Origin != Log.Seals[^1].Origin)
            {
                return Found("forked", kept, $"the kept checkpoint is of log {checkpoint.Origin}, this evidence is log {Log.Seals[^1].Origin}");
            }

            if (checkpoint.Size > Leaves.Count)
            {
                return Found("rolled-back", kept, string.Create(CultureInfo.InvariantCulture,
                    $"the kept checkpoint has {checkpoint.Size} sealed batches, the log now only {Leaves.Count}: newer evidence was removed"));
            }

            if (!Extends(Leaves, checkpoint))
            {
                return Found("forked", kept, string.Create(CultureInfo.InvariantCulture,
                    $"the log's first {checkpoint.Size} batches are not the ones the kept checkpoint signed: its history was rewritten"));
            }

            return new KeptCheckpointResult(null, ProofToLatest(kept, checkpoint));
        }

        private ConsistencyEvidence? ProofToLatest(TrustedCheckpoint kept, Checkpoint checkpoint)
        {
            if (Log.Seals.Count == 0 || Log.Checkpoints[^1] is not { } latestNote
                || Open(new TrustedCheckpoint("latest", latestNote), Keys) is not { } latest || latest.Size != Leaves.Count)
            {
                return null;
            }

            var proof = MerkleProofs.Consistency(Leaves, (int)checkpoint.Size).Select(Convert.ToHexStringLower).ToList();
            return new ConsistencyEvidence(kept.Note, latestNote, proof);
        }

        private static KeptCheckpointResult Found(string kind, TrustedCheckpoint kept, string detail) => new(new VerifyFinding(kind, kept.Name, detail), null);
    }

    private static byte[] LeafOrZero(IEvidenceStore store, string manifestKey)
    {
        try
        {
            return LogLeaf.Hash(BatchManifest.Parse(EvidenceLog.ReadAll(store, manifestKey)));
        }
        catch (Exception ex) when (ex is IOException or FormatException)
        {
            return new byte[MerkleHash.Size]; // verify reports the missing manifest
        }
    }
}
