using System.Text.Json;

namespace TrailNormalizer.Cli.Tests;

public sealed class AuditCommandTests : IDisposable
{
    private readonly AuditEvidence _evidence = new();

    private TempDir Dir => _evidence.Dir;

    public void Dispose() => _evidence.Dispose();

    [Fact]
    public void The_demo_audit_writes_a_pack_whose_every_check_passes_and_which_verifies_with_only_the_pack_and_the_public_key()
    {
        int evidencing = _evidence.EventsWith("control:soc2:CC7.2").Count;
        evidencing.Should().BePositive("the examples hold logging-tamper events");
        int drawn = Math.Min(5, evidencing);

        var run = _evidence.Audit(Dir["pack"]);

        run.ExitCode.Should().Be(0, run.Out + run.Error);
        string transcript = File.ReadAllText(Dir["pack/transcript.txt"]);
        var checks = transcript.Split('\n').Where(l => l.StartsWith("PASS", StringComparison.Ordinal) || l.StartsWith("FAIL", StringComparison.Ordinal)).ToList();
        checks.Should().NotBeEmpty().And.OnlyContain(l => l.StartsWith("PASS  ", StringComparison.Ordinal));
        checks.Should().Contain(l => l.StartsWith("PASS  verify evidence: intact", StringComparison.Ordinal))
            .And.Contain(l => l.StartsWith("PASS  latest checkpoint:", StringComparison.Ordinal))
            .And.Contain(l => l.StartsWith($"PASS  sample: {drawn} of {evidencing} events evidencing soc2:CC7.2", StringComparison.Ordinal));
        transcript.Should().Contain("key:       sha256:").And.Contain("RESULT: PASS");
        var proofs = Directory.GetFiles(Dir["pack/proofs"]);
        proofs.Should().HaveCount(drawn);
        checks.Count(l => l.StartsWith("PASS  proof proofs/", StringComparison.Ordinal)).Should().Be(drawn);
        foreach (string file in (string[])["report.html", "report.md", "sample.ndjson", "checkpoint.txt", "key-fingerprint.txt", "audit.json", "manifest.sha256"])
        {
            File.Exists(Dir[$"pack/{file}"]).Should().BeTrue(file);
        }

        File.ReadAllText(Dir["pack/checkpoint.txt"]).Should().Be(File.ReadAllText(Path.Combine(_evidence.Evidence, "log/checkpoints/000000000000.checkpoint")));
        foreach (string line in File.ReadAllLines(Dir["pack/sample.ndjson"]))
        {
            using var doc = JsonDocument.Parse(line);
            File.Exists(Path.Combine(Dir["pack"], doc.RootElement.GetProperty("proof").GetString()!)).Should().BeTrue();
        }

        // Only the pack and the public key: copy both elsewhere and delete the evidence.
        using var elsewhere = new TempDir();
        CopyFolder(Dir["pack"], elsewhere["pack"]);
        File.Copy(_evidence.PublicKey, elsewhere["sealer.pub"]);
        foreach (var f in Directory.EnumerateFiles(Dir.Path, "*", SearchOption.AllDirectories))
        {
            File.SetUnixFileMode(f, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        Directory.Delete(_evidence.Evidence, recursive: true);
        var verify = CliRun.Of("verify-pack", elsewhere["pack"], "--pubkey", elsewhere["sealer.pub"]);

        verify.ExitCode.Should().Be(0, verify.Out);
        verify.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().OnlyContain(l => l.StartsWith("ok: ", StringComparison.Ordinal));
        verify.Out.Should().Contain("ok: manifest.sha256").And.Contain("ok: checkpoint.txt").And.Contain("ok: " + Path.GetRelativePath(Dir["pack"], proofs[0]));

        // One byte of one proof changed: verify-pack fails and names that proof.
        string proof = Directory.GetFiles(elsewhere["pack/proofs"]).Order(StringComparer.Ordinal).First();
        string name = "proofs/" + Path.GetFileName(proof);
        byte[] bytes = File.ReadAllBytes(proof);
        int at = Array.IndexOf(bytes, (byte)'"', File.ReadAllText(proof).IndexOf("\"inclusion\": [", StringComparison.Ordinal) + 16) + 1;
        bytes[at] = bytes[at] == (byte)'a' ? (byte)'b' : (byte)'a';
        File.WriteAllBytes(proof, bytes);

        var tampered = CliRun.Of("verify-pack", elsewhere["pack"], "--pubkey", elsewhere["sealer.pub"]);

        tampered.ExitCode.Should().Be(1);
        tampered.Out.Should().Contain($"FAILED: {name}: changed: SHA-256 differs from the manifest")
            .And.Contain($"FAILED: {name}: the event is not at index");
        tampered.Out.Split('\n').Where(l => l.StartsWith("FAILED", StringComparison.Ordinal)).Should().OnlyContain(l => l.Contains(name, StringComparison.Ordinal));
        tampered.Error.Should().Contain("verify-pack: FAILED: 2 of");
    }

    [Fact]
    public void The_sample_is_the_one_trailnorm_sample_draws_for_the_control_label_so_anyone_can_redraw_it()
    {
        _evidence.Audit(Dir["pack"]).ExitCode.Should().Be(0);
        var sample = CliRun.Of("sample", _evidence.Evidence, "--count", "5", "--seed", "q3", "--where", "label=control:soc2:CC7.2");

        var fromAudit = File.ReadAllLines(Dir["pack/sample.ndjson"]).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("uid").GetString());
        var redrawn = sample.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("uid").GetString());
        fromAudit.Should().Equal(redrawn).And.HaveCount(Math.Min(5, _evidence.EventsWith("control:soc2:CC7.2").Count)).And.NotBeEmpty();
    }

    [Fact]
    public void Several_controls_and_a_period_narrow_the_sample_and_every_proof_evidences_one_of_them()
    {
        var run = CliRun.Of("audit", _evidence.Evidence, "--pubkey", _evidence.PublicKey, "--control", "soc2:CC7.2", "--control", "iso27001-2022:A.8.5",
            "--from", "2026-03-14T00:00:00Z", "--to", "2026-03-15T00:00:00Z", "--sample", "50", "--seed", "s", "--out", Dir["pack"]);

        run.ExitCode.Should().Be(0, run.Out + run.Error);
        Func<JsonElement, bool> inPeriod = e => e.GetProperty("time").GetInt64() is >= 1773446400000L and < 1773532800000L;
        var expected = _evidence.EventsWith("control:soc2:CC7.2").Concat(_evidence.EventsWith("control:iso27001-2022:A.8.5"))
            .Where(inPeriod).Select(e => e.GetProperty("metadata").GetProperty("uid").GetString()).ToHashSet();
        var events = Directory.GetFiles(Dir["pack/proofs"]).Select(f => JsonDocument.Parse(JsonDocument.Parse(File.ReadAllBytes(f)).RootElement.GetProperty("event").GetString()!).RootElement).ToList();
        events.Select(e => e.GetProperty("metadata").GetProperty("uid").GetString()).Should().BeEquivalentTo(expected, "every eligible event is drawn when fewer than 50");
        _evidence.EventsWith("control:iso27001-2022:A.8.5").Should().Contain(e => !inPeriod(e), "the period must leave some evidence out for this test to mean something");
        events.Should().OnlyContain(e => e.GetProperty("metadata").GetProperty("labels").EnumerateArray().Any(l => l.GetString() == "control:soc2:CC7.2" || l.GetString() == "control:iso27001-2022:A.8.5"));
        events.Where(e => !inPeriod(e)).Should().BeEmpty();
        CliRun.Of("verify-pack", Dir["pack"], "--pubkey", _evidence.PublicKey).ExitCode.Should().Be(0);
    }

    [Fact]
    public void Tampered_evidence_still_gets_a_pack_that_says_it_failed_on_its_first_page()
    {
        string batch = Directory.EnumerateFiles(Path.Combine(_evidence.Evidence, "events"), "*.ndjson.gz", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        File.SetUnixFileMode(batch, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        byte[] bytes = File.ReadAllBytes(batch);
        bytes[20] ^= 0xff;
        File.WriteAllBytes(batch, bytes);

        var run = _evidence.Audit(Dir["pack"]);

        run.ExitCode.Should().Be(1);
        run.Error.Should().Contain("audit: FAILED");
        File.ReadAllText(Dir["pack/transcript.txt"]).Should().Contain("FAIL  verify evidence: altered: events/").And.Contain("RESULT: FAIL");
        string html = File.ReadAllText(Dir["pack/report.html"]);
        html.IndexOf("Verification FAILED", StringComparison.Ordinal).Should().BeInRange(0, html.IndexOf("id=\"controls\"", StringComparison.Ordinal));
        html.Should().Contain("class=\"banner fail\"");
        File.ReadAllLines(Dir["pack/report.md"])[2].Should().StartWith("**VERIFICATION FAILED");
        var verify = CliRun.Of("verify-pack", Dir["pack"], "--pubkey", _evidence.PublicKey);
        verify.ExitCode.Should().Be(1);
        verify.Out.Should().Contain("FAILED: audit.json: the audit itself failed");
    }

    [Fact]
    public void A_kept_checkpoint_from_the_last_audit_is_extended_by_the_grown_log_and_a_rewritten_log_is_caught()
    {
        _evidence.Audit(Dir["q2"]).ExitCode.Should().Be(0);
        int kept = _evidence.Batches;
        Inputs.WriteLogFile(Dir["more.json"], 5, offset: 900);
        AuditEvidence.Run("normalize", "--out", _evidence.Evidence, Dir["more.json"]);
        AuditEvidence.Run("seal", _evidence.Evidence, "--key", _evidence.PrivateKey);

        var run = _evidence.Audit(Dir["q3"], "--trusted-checkpoint", Dir["q2/checkpoint.txt"]);
        int grown = _evidence.Batches;

        run.ExitCode.Should().Be(0, run.Out + run.Error);
        run.Out.Should().Contain($"PASS  kept checkpoint: the evidence (tree size {grown}) extends the kept checkpoint of tree size {kept}");
        File.Exists(Dir["q3/consistency.json"]).Should().BeTrue();
        File.ReadAllText(Dir["q3/report.html"]).Should().Contain($"extends the auditor&#39;s checkpoint of tree size {kept}");
        CliRun.Of("verify-pack", Dir["q3"], "--pubkey", _evidence.PublicKey).ExitCode.Should().Be(0);

        // The same examples sealed again from scratch with the same key: a different log the kept checkpoint is not a prefix of.
        AuditEvidence.Run("normalize", "--out", Dir["rewritten"], Dir["more.json"]);
        AuditEvidence.Run("normalize", "--out", Dir["rewritten"], Path.Combine(TestSupport.RepoPaths.Root, "examples"));
        AuditEvidence.Run("seal", Dir["rewritten"], "--key", _evidence.PrivateKey);
        var rewritten = CliRun.Of("audit", Dir["rewritten"], "--pubkey", _evidence.PublicKey, "--trusted-checkpoint", Dir["q2/checkpoint.txt"], "--seed", "x", "--out", Dir["q3b"]);

        rewritten.ExitCode.Should().Be(1);
        rewritten.Out.Should().Contain($"FAIL  kept checkpoint: forked: trusted-checkpoint.txt: the log's first {kept} batches are not the ones the kept checkpoint signed");
    }

    [Fact]
    public void Verify_pack_names_added_files_and_a_swapped_proof()
    {
        _evidence.Audit(Dir["pack"]).ExitCode.Should().Be(0);
        File.WriteAllText(Dir["pack/notes.txt"], "planted");
        var proofs = Directory.GetFiles(Dir["pack/proofs"]).Order(StringComparer.Ordinal).ToArray();
        File.Move(proofs[0], Dir["first"]);
        File.Move(proofs[1], proofs[0]);
        File.Move(Dir["first"], proofs[1]);

        var run = CliRun.Of("verify-pack", Dir["pack"], "--pubkey", _evidence.PublicKey);

        run.ExitCode.Should().Be(1);
        run.Out.Should().Contain("FAILED: notes.txt: added: not listed in the manifest")
            .And.Contain($"FAILED: proofs/{Path.GetFileName(proofs[0])}: proves event")
            .And.Contain($"FAILED: proofs/{Path.GetFileName(proofs[1])}: proves event");
    }

    [Fact]
    public void Event_text_in_the_report_is_escaped_never_markup()
    {
        File.WriteAllText(Dir["evil.json"], "{\"Records\":[" + Inputs.Record(1).Replace("\"cli-000001\"", "\"\\u0001<img src=x onerror=alert(1)>\"", StringComparison.Ordinal) + "]}");
        AuditEvidence.Run("normalize", "--out", Dir["evil"], Dir["evil.json"]);
        AuditEvidence.Run("seal", Dir["evil"], "--key", _evidence.PrivateKey);

        var run = CliRun.Of("audit", Dir["evil"], "--pubkey", _evidence.PublicKey, "--sample", "1", "--seed", "s", "--out", Dir["pack"]);

        run.ExitCode.Should().Be(0, run.Out + run.Error);
        string html = File.ReadAllText(Dir["pack/report.html"]);
        html.Should().Contain("&lt;img src=x onerror=alert(1)&gt;").And.NotContain("<img");
    }

    [Fact]
    public void Bad_arguments_are_usage_errors()
    {
        _evidence.Audit(Dir["pack"], "--control", "soc2:CC9.9").ExitCode.Should().Be(2);
        CliRun.Of("audit", _evidence.Evidence, "--pubkey", _evidence.PublicKey, "--out", Dir["pack2"], "--from", "2026-04-01T00:00:00Z", "--to", "2026-03-01T00:00:00Z").ExitCode.Should().Be(2);
        Directory.CreateDirectory(Dir["full"]);
        File.WriteAllText(Dir["full/x"], "x");
        _evidence.Audit(Dir["full"]).Error.Should().Contain("exists and is not empty");
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
