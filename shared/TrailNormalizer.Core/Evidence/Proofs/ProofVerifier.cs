using System.Globalization;
using System.Text;
using TrailNormalizer.Core.Evidence.Checkpoints;
using TrailNormalizer.Core.Merkle;

namespace TrailNormalizer.Core.Evidence.Proofs;

/// <summary>
/// Checks an <see cref="EventProof"/> with nothing but the proof and the public key: the checkpoint's
/// signature, the event's path to its batch root, the batch leaf's commitment to that root, and the
/// leaf's path to the signed log root. Returns null when the proof holds, else what failed.
/// </summary>
public static class ProofVerifier
{
    public static string? Verify(EventProof proof, byte[] publicKeySpki)
    {
        if (proof.KeyFingerprint != SignedNote.Fingerprint(publicKeySpki))
        {
            return "the proof names a different signing key than the one given";
        }

        string origin = SignedNote.UnverifiedText(proof.Checkpoint).Split('\n')[0];
        Checkpoint checkpoint;
        try
        {
            checkpoint = Checkpoint.Parse(SignedNote.Open(proof.Checkpoint, origin, publicKeySpki));
        }
        catch (FormatException ex)
        {
            return $"checkpoint: {ex.Message}";
        }

        if (checkpoint.Size != proof.LogSize)
        {
            return $"checkpoint size {checkpoint.Size} differs from the proof's log size {proof.LogSize}";
        }

        string[] leaf = proof.LogLeaf.Split('\n');
        if (leaf.Length != 6 || leaf[0] != BatchManifest.FormatName || leaf[1] != proof.BatchObject || leaf[3] != proof.BatchRoot
            || leaf[4] != proof.BatchCount.ToString(CultureInfo.InvariantCulture))
        {
            return "the log leaf does not commit to this batch, its root and its size";
        }

        if (!TryHex(proof.BatchPath, out var batchPath) || !TryHex(proof.LogPath, out var logPath) || !TryHex([proof.BatchRoot], out var batchRoot))
        {
            return "a hash in the proof is not 32 bytes of hex";
        }

        if (!MerkleProofs.VerifyInclusion(MerkleHash.Leaf(proof.EventBytes), proof.BatchIndex, proof.BatchCount, batchPath, batchRoot[0]))
        {
            return $"the event is not at index {proof.BatchIndex} of batch {proof.BatchObject} (event altered or path wrong)";
        }

        if (!MerkleProofs.VerifyInclusion(MerkleHash.Leaf(Encoding.UTF8.GetBytes(proof.LogLeaf)), proof.LogIndex, proof.LogSize, logPath, checkpoint.Root))
        {
            return $"the batch is not at index {proof.LogIndex} of the signed log (leaf or path altered)";
        }

        return null;
    }

    /// <summary>
    /// Checks that a (verified) proof's log extends a checkpoint the auditor kept: null when it does, else a message starting
    /// with <c>rolled-back:</c> (the proof's log is smaller than the kept one), <c>forked:</c> (it does not extend it) or
    /// <c>bad-signature:</c>. A kept checkpoint smaller than the proof's log needs the consistency proof <c>prove --trusted-checkpoint</c> embeds.
    /// </summary>
    public static string? CheckTrusted(EventProof proof, byte[] publicKeySpki, TrustedCheckpoint kept)
    {
        if (TrustedCheckpoints.Open(kept, [publicKeySpki]) is not { } trusted)
        {
            return $"bad-signature: {kept.Name} is not signed by the given key";
        }

        string origin = SignedNote.UnverifiedText(proof.Checkpoint).Split('\n')[0];
        var current = Checkpoint.Parse(SignedNote.Open(proof.Checkpoint, origin, publicKeySpki));
        if (trusted.Origin != current.Origin)
        {
            return $"forked: {kept.Name} is of log {trusted.Origin}, the proof of log {current.Origin}";
        }

        if (trusted.Size > current.Size)
        {
            return string.Create(CultureInfo.InvariantCulture, $"rolled-back: {kept.Name} has {trusted.Size} sealed batches, the proof's log only {current.Size}");
        }

        if (trusted.Size == current.Size || trusted.Size == 0)
        {
            return trusted.Size == 0 || trusted.Root.AsSpan().SequenceEqual(current.Root) ? null : $"forked: {kept.Name} and the proof's checkpoint have the same size and different roots";
        }

        var step = proof.Consistency.FirstOrDefault(c => c.FromSize == trusted.Size);
        if (step is null)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"the proof carries no consistency proof from size {trusted.Size}: build it with 'trailnorm prove --trusted-checkpoint {kept.Name}'");
        }

        return TryHex(step.Path, out var path) && MerkleProofs.VerifyConsistency(trusted.Size, current.Size, path, trusted.Root, current.Root)
            ? null
            : $"forked: the proof's log does not extend {kept.Name}";
    }

    private static bool TryHex(IReadOnlyList<string> values, out List<byte[]> hashes)
    {
        hashes = [];
        foreach (string v in values)
        {
            if (v.Length != 64)
            {
                return false;
            }

            try
            {
                hashes.Add(Convert.FromHexString(v));
            }
            catch (FormatException)
            {
                return false;
            }
        }

        return true;
    }
}
