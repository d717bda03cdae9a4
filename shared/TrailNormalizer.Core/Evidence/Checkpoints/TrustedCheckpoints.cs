using System.Globalization;
using TrailNormalizer.Core.Merkle;

namespace TrailNormalizer.Core.Evidence.Checkpoints;

/// <summary>A signed checkpoint an auditor kept from an earlier audit (<c>trailnorm checkpoint DIR &gt; FILE</c>), named for messages.</summary>
public sealed record TrustedCheckpoint(string Name, string Note);

/// <summary>
/// Rollback and fork detection: proves with RFC 9162 consistency proofs that the log today extends every checkpoint the
/// auditor kept. A log smaller than a kept checkpoint was rolled back (newest batches, seals and checkpoints deleted);
/// a log whose first N leaves do not hash to a kept checkpoint's root was forked (history rewritten and re-signed).
/// </summary>
public static class TrustedCheckpoints
{
    /// <summary>
    /// Findings (<c>rolled-back</c>, <c>forked</c>, <c>bad-signature</c>) for each kept checkpoint the log in <paramref name="store"/>
    /// does not extend. The kept notes must be signed by <paramref name="publicKeySpki"/> or a key it handed the log to.
    /// </summary>
    public static List<VerifyFinding> Check(IEvidenceStore store, byte[] publicKeySpki, IEnumerable<TrustedCheckpoint> trusted)
    {
        var log = EvidenceLog.Read(store);
        var keys = SigningKeys(store, log, publicKeySpki);
        var leaves = log.Leaves.Select(key => LeafOrZero(store, key)).ToList();
        var findings = new List<VerifyFinding>();
        foreach (var kept in trusted)
        {
            if (Open(kept, keys) is not { } checkpoint)
            {
                findings.Add(new VerifyFinding("bad-signature", kept.Name, "the kept checkpoint is not signed by the trusted key"));
            }
            else if (log.Seals.Count > 0 && checkpoint.Origin != log.Seals[^1].Origin)
            {
                findings.Add(new VerifyFinding("forked", kept.Name, $"the kept checkpoint is of log {checkpoint.Origin}, this evidence is log {log.Seals[^1].Origin}"));
            }
            else if (checkpoint.Size > leaves.Count)
            {
                findings.Add(new VerifyFinding("rolled-back", kept.Name, string.Create(CultureInfo.InvariantCulture,
                    $"the kept checkpoint has {checkpoint.Size} sealed batches, the log now only {leaves.Count}: newer evidence was removed")));
            }
            else if (!Extends(leaves, checkpoint))
            {
                findings.Add(new VerifyFinding("forked", kept.Name, string.Create(CultureInfo.InvariantCulture,
                    $"the log's first {checkpoint.Size} batches are not the ones the kept checkpoint signed: its history was rewritten")));
            }
        }

        return findings;
    }

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
