using System.Text.Json;
using TrailNormalizer.Core.Evidence.Checkpoints;
using TrailNormalizer.Core.Evidence.Proofs;
using TrailNormalizer.Core.Evidence.Reports;

namespace TrailNormalizer.Core.Evidence.Audit;

/// <summary>What <see cref="AuditPackVerifier.Verify"/> checked: one <see cref="AuditCheck"/> per check, named by file.</summary>
public sealed record PackVerification(IReadOnlyList<AuditCheck> Checks, string? ManifestSha256)
{
    public bool Passed => Checks.Count > 0 && Checks.All(c => c.Passed);
}

/// <summary>
/// Re-verifies an audit pack with nothing but the pack and the public key: every file against the manifest, the key
/// fingerprint, the checkpoint's signature, every proof offline and against that checkpoint, the sample against the
/// proofs (each line has its proof, each proof its line, both name the same event), every sampled event against the
/// audited controls and period, the consistency proof to a kept checkpoint when there is one, and the audit's own result.
/// </summary>
public static class AuditPackVerifier
{
    public static PackVerification Verify(string pack, byte[] publicKeySpki)
    {
        var checks = new List<AuditCheck>();
        var problems = PackManifest.Verify(pack, out string? manifestHash);
        checks.AddRange(problems.Select(p => new AuditCheck(p.File, false, p.Problem)));
        if (problems.Count == 0)
        {
            checks.Add(new AuditCheck(PackManifest.FileName, true, $"every file matches its SHA-256 (manifest SHA-256 {manifestHash})"));
        }

        string fingerprint = SignedNote.Fingerprint(publicKeySpki);
        string? keyFile = ReadText(pack, AuditPackFiles.KeyFingerprint);
        checks.Add(new AuditCheck(AuditPackFiles.KeyFingerprint, keyFile?.Contains($"sha256:{fingerprint}\n", StringComparison.Ordinal) == true,
            keyFile is null ? "missing" : keyFile.Contains(fingerprint, StringComparison.Ordinal) ? $"names the given key sha256:{fingerprint}" : "names a different key than the one given"));

        AuditRecord? record = null;
        try
        {
            record = AuditRecord.Parse(File.ReadAllBytes(Path.Combine(pack, AuditRecord.FileName)));
            checks.Add(new AuditCheck(AuditRecord.FileName, record.Passed, record.Passed ? "the audit passed every check" : $"the audit itself failed: see {AuditPackFiles.Transcript}"));
        }
        catch (Exception ex) when (ex is FormatException or IOException)
        {
            checks.Add(new AuditCheck(AuditRecord.FileName, false, ex is FileNotFoundException ? "missing" : ex.Message));
        }

        string? checkpointNote = ReadText(pack, AuditPackFiles.Checkpoint);
        Checkpoint? checkpoint = null;
        if (checkpointNote is null)
        {
            checks.Add(new AuditCheck(AuditPackFiles.Checkpoint, false, "missing"));
        }
        else
        {
            (checkpoint, string? problem) = SignedCheckpoint.Open(checkpointNote, publicKeySpki, "signature");
            checks.Add(new AuditCheck(AuditPackFiles.Checkpoint, problem is null, problem ?? $"signed by the given key, tree size {checkpoint!.Size}"));
        }

        CheckConsistency(pack, publicKeySpki, checkpointNote, checks);
        CheckSampleAndProofs(pack, publicKeySpki, checkpointNote, record, checks);
        return new PackVerification(checks, manifestHash);
    }

    private static void CheckConsistency(string pack, byte[] spki, string? checkpointNote, List<AuditCheck> checks)
    {
        string? trusted = ReadText(pack, AuditPackFiles.TrustedCheckpoint);
        if (trusted is null)
        {
            return;
        }

        try
        {
            var evidence = ConsistencyEvidence.Parse(File.ReadAllBytes(Path.Combine(pack, AuditPackFiles.Consistency)));
            string? problem = evidence.TrustedCheckpoint != trusted ? $"names another kept checkpoint than {AuditPackFiles.TrustedCheckpoint}"
                : evidence.LatestCheckpoint != checkpointNote ? $"ends at another checkpoint than {AuditPackFiles.Checkpoint}"
                : evidence.Verify(spki);
            checks.Add(new AuditCheck(AuditPackFiles.Consistency, problem is null, problem ?? "the checkpoint extends the kept checkpoint (RFC 9162 consistency proof)"));
        }
        catch (Exception ex) when (ex is FormatException or IOException)
        {
            checks.Add(new AuditCheck(AuditPackFiles.Consistency, false, ex is FileNotFoundException ? "missing, though the pack has a kept checkpoint" : ex.Message));
        }
    }

    private static void CheckSampleAndProofs(string pack, byte[] spki, string? checkpointNote, AuditRecord? record, List<AuditCheck> checks)
    {
        var lines = new List<(string Uid, string Batch, long Index, string Proof)>();
        try
        {
            foreach (string line in File.ReadLines(Path.Combine(pack, AuditPackFiles.Sample)).Where(l => l.Length > 0))
            {
                using var doc = JsonDocument.Parse(line, StoredEventJson.Options);
                var r = doc.RootElement;
                lines.Add((r.GetProperty("uid").GetString() ?? "", r.GetProperty("batch").GetString() ?? "", r.GetProperty("index").GetInt64(), r.GetProperty("proof").GetString() ?? ""));
            }
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or IOException)
        {
            checks.Add(new AuditCheck(AuditPackFiles.Sample, false, ex is FileNotFoundException ? "missing" : $"unreadable: {ex.Message}"));
            return;
        }

        string proofsDir = Path.Combine(pack, AuditPackFiles.ProofsFolder);
        var proofFiles = Directory.Exists(proofsDir)
            ? Directory.EnumerateFiles(proofsDir).Select(f => $"{AuditPackFiles.ProofsFolder}/{Path.GetFileName(f)}").Order(StringComparer.Ordinal).ToList()
            : [];
        var referenced = lines.Select(l => l.Proof).ToHashSet(StringComparer.Ordinal);
        var unlisted = proofFiles.Where(f => !referenced.Contains(f)).ToList();
        checks.AddRange(unlisted.Select(f => new AuditCheck(f, false, $"not named by any line of {AuditPackFiles.Sample}")));
        if (lines.Count == 0)
        {
            checks.Add(new AuditCheck(AuditPackFiles.Sample, false, "the sample is empty"));
        }

        var request = record is null ? null : new AuditRequest
        {
            Controls = record.Controls.Select(c => ControlCatalog.BuiltIn.Find(c) ?? ControlCatalog.BuiltIn.FromLabel(ControlCatalog.LabelPrefix + c)!).ToList(),
            FromMs = record.FromMs,
            ToMs = record.ToMs,
            Seed = record.Seed,
            Auditor = record.Auditor,
        };
        foreach (var line in lines)
        {
            string? problem = CheckProof(pack, spki, checkpointNote, request, line);
            checks.Add(new AuditCheck(line.Proof, problem is null, problem ?? $"event {line.Uid}: verified offline, in the sample, evidences the audited controls in the period"));
        }
    }

    private static string? CheckProof(string pack, byte[] spki, string? checkpointNote, AuditRequest? request, (string Uid, string Batch, long Index, string Proof) line)
    {
        string path = Path.Combine(pack, line.Proof);
        if (!line.Proof.StartsWith(AuditPackFiles.ProofsFolder + "/", StringComparison.Ordinal) || line.Proof.Contains("..", StringComparison.Ordinal) || !File.Exists(path))
        {
            return $"missing: named by {AuditPackFiles.Sample} for event {line.Uid}";
        }

        EventProof proof;
        try
        {
            proof = EventProof.Parse(File.ReadAllBytes(path));
        }
        catch (FormatException ex)
        {
            return ex.Message;
        }

        if (ProofVerifier.Verify(proof, spki) is { } broken)
        {
            return broken;
        }

        if (proof.Checkpoint != checkpointNote)
        {
            return $"proven against another checkpoint than {AuditPackFiles.Checkpoint}";
        }

        if (proof.BatchObject != line.Batch || proof.BatchIndex != line.Index)
        {
            return $"proves event {proof.BatchIndex} of {proof.BatchObject}, but {AuditPackFiles.Sample} names event {line.Index} of {line.Batch}";
        }

        using var doc = JsonDocument.Parse(proof.Event, StoredEventJson.Options);
        var ev = doc.RootElement;
        string uid = ev.TryGetProperty("metadata", out var m) && m.TryGetProperty("uid", out var u) ? u.GetString() ?? "" : "";
        if (uid != line.Uid)
        {
            return $"the proven event has metadata.uid {uid}, {AuditPackFiles.Sample} names {line.Uid}";
        }

        return request is not null && !request.Eligible(ev) ? "the proven event does not evidence the audited controls in the audited period" : null;
    }

    private static string? ReadText(string pack, string file)
    {
        string path = Path.Combine(pack, file);
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }
}
