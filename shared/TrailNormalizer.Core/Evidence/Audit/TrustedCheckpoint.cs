using System.Buffers;
using System.Text.Json;
using TrailNormalizer.Core.Evidence.Checkpoints;
using TrailNormalizer.Core.Merkle;

namespace TrailNormalizer.Core.Evidence.Audit;

/// <summary>
/// The RFC 9162 consistency proof from a checkpoint an auditor kept from an earlier audit to the evidence's latest
/// checkpoint, with both signed notes: it shows the log only grew since then (nothing was removed or rewritten),
/// and it verifies offline, so an audit pack can carry it.
/// </summary>
public sealed record ConsistencyEvidence(string TrustedCheckpoint, string LatestCheckpoint, IReadOnlyList<string> Proof)
{
    public byte[] ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("format", "trailnormalizer.consistency/1");
            w.WriteString("trusted_checkpoint", TrustedCheckpoint);
            w.WriteString("latest_checkpoint", LatestCheckpoint);
            w.WriteStartArray("proof");
            foreach (string hash in Proof)
            {
                w.WriteStringValue(hash);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static ConsistencyEvidence Parse(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            return new ConsistencyEvidence(
                root.GetProperty("trusted_checkpoint").GetString() ?? "",
                root.GetProperty("latest_checkpoint").GetString() ?? "",
                root.GetProperty("proof").EnumerateArray().Select(p => p.GetString() ?? "").ToList());
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"unreadable consistency proof: {ex.Message}", ex);
        }
    }
}

/// <summary>
/// Checks the evidence against a checkpoint the auditor kept: the one function <c>audit --trusted-checkpoint</c> calls
/// (<see cref="Check"/>), so a shared implementation can replace it, and its offline counterpart for <c>verify-pack</c>.
/// </summary>
public static class TrustedCheckpoint
{
    /// <summary>
    /// Null and the proof when the kept checkpoint is signed by the key and the evidence's latest checkpoint extends it;
    /// else what is wrong.
    /// </summary>
    public static (string? Problem, ConsistencyEvidence? Proof) Check(IEvidenceStore store, string trustedNote, byte[] publicKeySpki)
    {
        var (trusted, trustedProblem) = Open(trustedNote, publicKeySpki, "the kept checkpoint");
        if (trustedProblem is not null)
        {
            return (trustedProblem, null);
        }

        var log = EvidenceLog.Read(store);
        if (log.Seals.Count == 0 || log.Checkpoints[^1] is not { } latestNote)
        {
            return ("the evidence has no checkpoint to compare with the kept one", null);
        }

        var (latest, problem) = Open(latestNote, publicKeySpki, "the latest checkpoint");
        if (problem is not null)
        {
            return (problem, null);
        }

        if (trusted!.Size > latest!.Size)
        {
            return ($"the kept checkpoint has tree size {trusted.Size} but the evidence's latest only {latest.Size}: the log lost entries", null);
        }

        List<byte[]> leaves;
        try
        {
            leaves = log.Leaves.Select(k => LogLeaf.Hash(BatchManifest.Parse(EvidenceLog.ReadAll(store, k)))).ToList();
        }
        catch (Exception ex) when (ex is FormatException or IOException)
        {
            return ($"the sealed manifests cannot be read to build the consistency proof: {ex.Message}", null);
        }

        if (leaves.Count != latest.Size)
        {
            return ($"the log holds {leaves.Count} sealed batches but the latest checkpoint says {latest.Size}", null);
        }

        var proof = MerkleProofs.Consistency(leaves, (int)trusted.Size).Select(Convert.ToHexStringLower).ToList();
        var evidence = new ConsistencyEvidence(trustedNote, latestNote, proof);
        return (VerifyOffline(evidence, publicKeySpki), evidence);
    }

    /// <summary>Null when both notes are signed by the key and the proof shows the trusted tree is a prefix of the latest.</summary>
    public static string? VerifyOffline(ConsistencyEvidence evidence, byte[] publicKeySpki)
    {
        var (trusted, problem) = Open(evidence.TrustedCheckpoint, publicKeySpki, "the kept checkpoint");
        if (problem is not null)
        {
            return problem;
        }

        var (latest, latestProblem) = Open(evidence.LatestCheckpoint, publicKeySpki, "the latest checkpoint");
        if (latestProblem is not null)
        {
            return latestProblem;
        }

        List<byte[]> proof;
        try
        {
            proof = evidence.Proof.Select(Convert.FromHexString).ToList();
        }
        catch (FormatException)
        {
            return "the consistency proof is not hex";
        }

        return MerkleProofs.VerifyConsistency(trusted!.Size, latest!.Size, proof, trusted.Root, latest.Root)
            ? null
            : $"the evidence's checkpoint (tree size {latest.Size}) does not extend the kept checkpoint (tree size {trusted.Size}): the log was rewritten";
    }

    /// <summary>The checkpoint of a signed note after checking its signature; its origin names the key.</summary>
    public static (Checkpoint? Checkpoint, string? Problem) Open(string note, byte[] publicKeySpki, string what)
    {
        try
        {
            string origin = SignedNote.UnverifiedText(note).Split('\n')[0];
            return (Checkpoint.Parse(SignedNote.Open(note, origin, publicKeySpki)), null);
        }
        catch (FormatException ex)
        {
            return (null, $"{what}: {ex.Message}");
        }
    }
}
