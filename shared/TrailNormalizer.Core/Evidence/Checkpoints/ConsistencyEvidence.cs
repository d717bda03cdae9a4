using System.Buffers;
using System.Text.Json;
using TrailNormalizer.Core.Merkle;

namespace TrailNormalizer.Core.Evidence.Checkpoints;

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

    /// <summary>Offline (<c>verify-pack</c>): null when both notes are signed by the key and the proof shows the trusted tree is a prefix of the latest.</summary>
    public string? Verify(byte[] publicKeySpki)
    {
        var (trusted, problem) = SignedCheckpoint.Open(TrustedCheckpoint, publicKeySpki, "the kept checkpoint");
        if (problem is not null)
        {
            return problem;
        }

        var (latest, latestProblem) = SignedCheckpoint.Open(LatestCheckpoint, publicKeySpki, "the latest checkpoint");
        if (latestProblem is not null)
        {
            return latestProblem;
        }

        List<byte[]> proof;
        try
        {
            proof = Proof.Select(Convert.FromHexString).ToList();
        }
        catch (FormatException)
        {
            return "the consistency proof is not hex";
        }

        return MerkleProofs.VerifyConsistency(trusted!.Size, latest!.Size, proof, trusted.Root, latest.Root)
            ? null
            : $"the evidence's checkpoint (tree size {latest.Size}) does not extend the kept checkpoint (tree size {trusted.Size}): the log was rewritten";
    }
}
