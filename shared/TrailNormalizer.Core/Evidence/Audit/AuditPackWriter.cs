using System.Globalization;
using System.Text;
using System.Text.Json;
using TrailNormalizer.Core.Evidence.Checkpoints;
using TrailNormalizer.Core.Evidence.Proofs;
using TrailNormalizer.Core.Evidence.Reports;

namespace TrailNormalizer.Core.Evidence.Audit;

/// <summary>What <see cref="AuditPackWriter.Write"/> did: the summary shown in the report and the manifest's SHA-256.</summary>
public sealed record AuditOutcome(AuditSummary Summary, string ManifestSha256);

/// <summary>
/// Runs an audit and writes its pack: verifies the whole evidence with the key (and against a kept checkpoint), draws
/// the seeded sample of events evidencing the controls in the period, writes and re-reads one proof per sampled event
/// and verifies it offline, then writes the report, the sample, the checkpoint, the key fingerprint, the transcript of
/// every check, and a manifest of every file's SHA-256. A failed check never stops the pack: it is written and says so.
/// </summary>
public static class AuditPackWriter
{
    public static AuditOutcome Write(IEvidenceStore store, byte[] publicKeySpki, AuditRequest request, string pack, DateTimeOffset now)
    {
        Directory.CreateDirectory(Path.Combine(pack, AuditPackFiles.ProofsFolder));
        var checks = new List<AuditCheck>();
        string fingerprint = SignedNote.Fingerprint(publicKeySpki);

        var verify = EvidenceVerifier.Verify(store, publicKeySpki);
        string counts = string.Create(CultureInfo.InvariantCulture, $"{verify.Manifests} batches, {verify.Events} events, {verify.QuarantineItems} quarantined items, {verify.Checkpoints} checkpoints");
        checks.Add(new AuditCheck("verify evidence", verify.Intact, verify.Intact
            ? $"intact: {counts}{string.Concat(verify.Warnings.Select(w => "; note: " + w))}"
            : $"{verify.Findings.Count} findings in {counts}"));
        checks.AddRange(verify.Findings.Select(f => new AuditCheck("verify evidence", false, f.ToString())));

        var log = EvidenceLog.Read(store);
        string? latestNote = log.Seals.Count > 0 ? log.Checkpoints[^1] : null;
        Checkpoint? latest = null;
        if (latestNote is null)
        {
            checks.Add(new AuditCheck("latest checkpoint", false, "the evidence has no checkpoint: run 'trailnorm seal'"));
        }
        else
        {
            (latest, string? problem) = SignedCheckpoint.Open(latestNote, publicKeySpki, "signature");
            checks.Add(new AuditCheck("latest checkpoint", problem is null, problem ?? string.Create(CultureInfo.InvariantCulture,
                $"{SealRecord.CheckpointKey(log.Seals[^1].Sequence)} signed by key {fingerprint[..16]}…, tree size {latest!.Size}, root {Convert.ToBase64String(latest.Root)}")));
            File.WriteAllText(Path.Combine(pack, AuditPackFiles.Checkpoint), latestNote);
        }

        long? trustedSize = null;
        if (request.TrustedCheckpoint is { } kept)
        {
            File.WriteAllText(Path.Combine(pack, AuditPackFiles.TrustedCheckpoint), kept);
            var (finding, consistency) = TrustedCheckpoints.Check(store, publicKeySpki, new TrustedCheckpoint(AuditPackFiles.TrustedCheckpoint, kept));
            if (consistency is not null)
            {
                File.WriteAllBytes(Path.Combine(pack, AuditPackFiles.Consistency), consistency.ToJson());
            }

            string? problem = finding?.ToString()
                ?? consistency?.Verify(publicKeySpki)
                ?? (consistency is null ? "the evidence has no checkpoint signed by the key that covers its sealed batches: nothing to prove the kept one against" : null);
            trustedSize = problem is null ? SignedCheckpoint.Open(kept, publicKeySpki, "").Checkpoint?.Size : null;
            checks.Add(new AuditCheck("kept checkpoint", problem is null, problem
                ?? string.Create(CultureInfo.InvariantCulture, $"the evidence (tree size {latest?.Size}) extends the kept checkpoint of tree size {trustedSize} (RFC 9162 consistency proof in {AuditPackFiles.Consistency})")));
        }

        // verify has named every unreadable batch already; the sample and the report leave them out.
        long eligible = 0;
        var skipped = new SortedSet<string>(StringComparer.Ordinal);
        var sample = EventSampler.Sample(store, request.SampleSize, request.Seed, ev =>
        {
            bool ok = request.Eligible(ev);
            eligible += ok ? 1 : 0;
            return ok;
        }, (key, _) => skipped.Add(key));
        string scope = request.Controls.Count == 0 ? "events" : $"events evidencing {string.Join(" or ", request.Controls.Select(c => c.Name))}";
        checks.Add(new AuditCheck("sample", sample.Count > 0, sample.Count > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{sample.Count} of {eligible} {scope} in the period (asked for {request.SampleSize}), seed \"{request.Seed}\"")
            : $"no {scope} in the period: nothing to sample"));

        if (skipped.Count > 0)
        {
            checks.Add(new AuditCheck("sample", false, $"{skipped.Count} unreadable batches left out of the sample and the report: {string.Join(", ", skipped)}"));
        }

        var rows = WriteProofs(store, publicKeySpki, sample, pack, checks);
        WriteSample(pack, rows);
        File.WriteAllText(Path.Combine(pack, AuditPackFiles.KeyFingerprint), $"sha256:{fingerprint}\nkey-id:{SignedNote.KeyId(publicKeySpki):x8}\n");

        var summary = new AuditSummary
        {
            Checks = checks,
            KeyFingerprint = fingerprint,
            Auditor = request.Auditor,
            VerifiedAt = now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            Controls = request.Controls.Select(c => c.Name).ToList(),
            Seed = request.Seed,
            SampleSize = request.SampleSize,
            EligibleEvents = eligible,
            Checkpoints = verify.Checkpoints,
            TreeSize = latest?.Size,
            Root = latest is null ? null : Convert.ToBase64String(latest.Root),
            TrustedTreeSize = trustedSize,
            Sample = rows,
        };
        var report = CoverageReport.Build(store, request.GapThreshold, request.FromMs, request.ToMs, (_, _) => { });
        File.WriteAllText(Path.Combine(pack, AuditPackFiles.ReportHtml), ReportRenderer.Html(report, summary));
        File.WriteAllText(Path.Combine(pack, AuditPackFiles.ReportMarkdown), ReportRenderer.Markdown(report, summary));
        var record = new AuditRecord(summary.Controls, request.FromMs, request.ToMs, request.Seed, request.SampleSize, fingerprint, request.Auditor,
            now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), summary.Passed);
        File.WriteAllBytes(Path.Combine(pack, AuditRecord.FileName), record.ToJson());
        File.WriteAllText(Path.Combine(pack, AuditPackFiles.Transcript), Transcript(summary, request));
        return new AuditOutcome(summary, PackManifest.Write(pack));
    }

    private static List<SampledEvent> WriteProofs(IEvidenceStore store, byte[] spki, IReadOnlyList<EventLocation> sample, string pack, List<AuditCheck> checks)
    {
        var rows = new List<SampledEvent>();
        ProofBuilder builder;
        try
        {
            builder = new ProofBuilder(store, spki);
        }
        catch (InvalidOperationException ex)
        {
            checks.Add(new AuditCheck("proofs", sample.Count == 0, ex.Message));
            return rows;
        }

        for (int i = 0; i < sample.Count; i++)
        {
            var e = sample[i];
            string file = string.Create(CultureInfo.InvariantCulture, $"{AuditPackFiles.ProofsFolder}/{i + 1:D2}-{EvidenceKeys.Safe(e.Uid)}.proof.json");
            string? problem;
            string what = "";
            try
            {
                var proof = builder.Build(e.BatchKey, e.Index);
                File.WriteAllBytes(Path.Combine(pack, file), proof.ToJson());
                var reread = EventProof.Parse(File.ReadAllBytes(Path.Combine(pack, file)));
                problem = ProofVerifier.Verify(reread, spki);
                using var doc = JsonDocument.Parse(reread.Event, StoredEventJson.Options);
                what = EventFields.Describe(doc.RootElement);
                problem ??= reread.BatchObject != e.BatchKey || reread.BatchIndex != e.Index ? "the proof is for another event" : null;
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentOutOfRangeException or FormatException or JsonException or IOException)
            {
                problem = ex.Message;
            }

            checks.Add(new AuditCheck($"proof {file}", problem is null, problem ?? string.Create(CultureInfo.InvariantCulture,
                $"event {e.Uid} at index {e.Index} of {e.BatchKey}: verified offline against the signed checkpoint")));
            rows.Add(new SampledEvent(e.Uid, e.TimeMs, e.BatchKey, e.Index, what, file, problem is null));
        }

        return rows;
    }

    private static void WriteSample(string pack, List<SampledEvent> rows)
    {
        using var stream = File.Create(Path.Combine(pack, AuditPackFiles.Sample));
        using var w = new Utf8JsonWriter(stream);
        foreach (var row in rows)
        {
            w.Reset();
            w.WriteStartObject();
            w.WriteString("uid", row.Uid);
            w.WriteString("batch", row.BatchKey);
            w.WriteNumber("index", row.Index);
            w.WriteNumber("time", row.TimeMs);
            w.WriteString("proof", row.ProofFile);
            w.WriteEndObject();
            w.Flush();
            stream.WriteByte((byte)'\n');
        }
    }

    private static string Transcript(AuditSummary summary, AuditRequest request)
    {
        var sb = new StringBuilder();
        sb.Append("trailnorm audit transcript\n")
            .Append(CultureInfo.InvariantCulture, $"auditor:   {summary.Auditor}\n")
            .Append(CultureInfo.InvariantCulture, $"at:        {summary.VerifiedAt}\n")
            .Append(CultureInfo.InvariantCulture, $"key:       sha256:{summary.KeyFingerprint}\n")
            .Append(CultureInfo.InvariantCulture, $"controls:  {(summary.Controls.Count == 0 ? "all events" : string.Join(", ", summary.Controls))}\n")
            .Append(CultureInfo.InvariantCulture, $"period:    {(request.FromMs is { } f ? ReportTime(f) : "start")} to {(request.ToMs is { } t ? ReportTime(t) : "end")}\n")
            .Append(CultureInfo.InvariantCulture, $"sample:    {request.SampleSize}, seed \"{request.Seed}\"\n\n");
        foreach (var check in summary.Checks)
        {
            sb.Append(check).Append('\n');
        }

        int failed = summary.Checks.Count(c => !c.Passed);
        sb.Append('\n').Append(summary.Passed
            ? string.Create(CultureInfo.InvariantCulture, $"RESULT: PASS: all {summary.Checks.Count} checks passed\n")
            : string.Create(CultureInfo.InvariantCulture, $"RESULT: FAIL: {failed} of {summary.Checks.Count} checks failed\n"));
        return sb.ToString();
    }

    private static string ReportTime(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
