using System.Text;
using TrailNormalizer.Core.Evidence.Checkpoints;

namespace TrailNormalizer.Cli.Tests;

public sealed class SealCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public SealCommandTests()
    {
        CliRun.Of("keygen", "--out", _dir["auditor"]).ExitCode.Should().Be(0);
        CliRun.Of("keygen", "--out", _dir["mallory"]).ExitCode.Should().Be(0);
        Inputs.WriteLogFile(_dir["a.json"], 20);
        CliRun.Of("normalize", "--out", Evidence, _dir["a.json"]).ExitCode.Should().Be(0);
        CliRun.Of("seal", Evidence, "--key", _dir["auditor.key"]).Out.Should().StartWith("sealed checkpoint 0");
    }

    private string Evidence => _dir["ev"];

    public void Dispose() => _dir.Dispose();

    private CliRun Verify(string key = "auditor.pub") => CliRun.Of("verify", Evidence, "--pubkey", _dir[key]);

    private List<string> Batches() =>
        Directory.EnumerateFiles(Path.Combine(Evidence, "events"), "*.ndjson.gz", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();

    private static void MakeWritable(string path) => File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

    [Fact]
    public void Normalize_seal_verify_passes_and_a_second_seal_with_nothing_new_writes_nothing()
    {
        Verify().ExitCode.Should().Be(0);
        CliRun.Of("seal", Evidence, "--key", _dir["auditor.key"]).Out.Should().StartWith("nothing to seal");
        Directory.EnumerateFiles(Path.Combine(Evidence, "log", "checkpoints")).Should().ContainSingle();
    }

    [Fact]
    public void Later_batches_extend_the_chain_consistently()
    {
        Inputs.WriteLogFile(_dir["b.json"], 5, offset: 100);
        CliRun.Of("normalize", "--out", Evidence, _dir["b.json"]).ExitCode.Should().Be(0);
        Verify().Error.Should().Contain("not sealed yet");

        CliRun.Of("seal", Evidence, "--key", _dir["auditor.key"]).Out.Should().StartWith("sealed checkpoint 1");

        var run = Verify();
        run.ExitCode.Should().Be(0, run.Out);
        run.Error.Should().Contain("2 checkpoints");
        string second = File.ReadAllText(Path.Combine(Evidence, "log", "checkpoints", "000000000001.checkpoint"));
        second.Should().StartWith("trailnorm.local/evidence\n").And.Contain("trailnormalizer/prev ").And.Contain("\n\n\u2014 trailnorm.local/evidence ");
    }

    [Fact]
    public void Verify_with_another_key_reports_a_bad_signature()
    {
        var run = Verify("mallory.pub");

        run.ExitCode.Should().Be(1);
        run.Out.Should().StartWith("bad-signature: log/checkpoints/000000000000.checkpoint: no signature by the trusted key");
    }

    [Fact]
    public void A_checkpoint_re_signed_with_another_key_is_rejected()
    {
        // Mallory rewrites the log with her key: the sealed batches are intact, the signature is not the auditor's.
        foreach (var f in Directory.EnumerateFiles(Path.Combine(Evidence, "log"), "*", SearchOption.AllDirectories))
        {
            MakeWritable(f);
            File.Delete(f);
        }

        CliRun.Of("seal", Evidence, "--key", _dir["mallory.key"]).ExitCode.Should().Be(0);

        Verify().Out.Should().StartWith("bad-signature: log/checkpoints/000000000000.checkpoint");
    }

    [Fact]
    public void A_replaced_checkpoint_body_fails_its_signature()
    {
        string path = Path.Combine(Evidence, "log", "checkpoints", "000000000000.checkpoint");
        MakeWritable(path);
        string note = File.ReadAllText(path);
        string[] lines = note.Split('\n');
        lines[1] = "19";
        File.WriteAllText(path, string.Join('\n', lines));

        Verify().Out.Should().StartWith("bad-signature: log/checkpoints/000000000000.checkpoint: signature by trailnorm.local/evidence does not verify");
    }

    [Fact]
    public void A_deleted_batch_with_its_manifest_is_caught_by_the_checkpoint()
    {
        string batch = Batches()[0];
        string manifest = batch[..^".ndjson.gz".Length] + ".manifest.json";
        File.Delete(batch);
        File.Delete(manifest);

        var run = Verify();

        run.ExitCode.Should().Be(1);
        run.Out.Should().Contain("missing: events/").And.Contain(Path.GetFileName(manifest)).And.Contain("sealed in log/checkpoints/000000000000.checkpoint");
    }

    [Fact]
    public void A_batch_and_manifest_rewritten_together_are_caught_by_the_checkpoint_root()
    {
        // Swap the contents of two batches together with their manifests' hashes: each batch matches a manifest, the log root does not.
        var batches = Batches().Take(2).ToList();
        var manifests = batches.Select(b => b[..^".ndjson.gz".Length] + ".manifest.json").ToList();
        var batchBytes = batches.Select(File.ReadAllBytes).ToList();
        var manifestTexts = manifests.Select(File.ReadAllText).ToList();
        foreach (var f in batches.Concat(manifests))
        {
            MakeWritable(f);
        }

        File.WriteAllBytes(batches[0], batchBytes[1]);
        File.WriteAllBytes(batches[1], batchBytes[0]);
        File.WriteAllText(manifests[0], SwapHashes(manifestTexts[0], manifestTexts[1]));
        File.WriteAllText(manifests[1], SwapHashes(manifestTexts[1], manifestTexts[0]));

        var run = Verify();

        run.ExitCode.Should().Be(1);
        run.Out.Should().Contain("altered: log/checkpoints/000000000000.checkpoint: root does not match the sealed batches");
    }

    [Fact]
    public void A_batch_added_after_the_checkpoint_but_dated_well_before_it_is_unsealed_and_never_adopted()
    {
        PlantCopyOfFirstBatch(createdAgo: Sealer.LateWriteGrace + TimeSpan.FromMinutes(1));

        var run = Verify();

        run.ExitCode.Should().Be(1);
        run.Out.Should().Contain("unsealed: ").And.Contain("-x.manifest.json: written before the last checkpoint");
        CliRun.Of("seal", Evidence, "--key", _dir["auditor.key"]).Error.Should().Contain("stale: ");
    }

    [Fact]
    public void A_late_write_dated_just_before_the_checkpoint_is_pending_and_adopted_by_the_next_seal()
    {
        // A serverless writer closes a batch, then stores it after a seal has already listed the store.
        PlantCopyOfFirstBatch(createdAgo: TimeSpan.FromMinutes(1));

        var pending = Verify();
        pending.ExitCode.Should().Be(0, pending.Out);
        pending.Error.Should().Contain("1 batches written after the last checkpoint are not sealed yet");

        CliRun.Of("seal", Evidence, "--key", _dir["auditor.key"]).Out.Should().StartWith("sealed checkpoint 1");
        Verify().ExitCode.Should().Be(0);
    }

    private void PlantCopyOfFirstBatch(TimeSpan createdAgo)
    {
        string batch = Batches()[0];
        string manifest = batch[..^".ndjson.gz".Length] + ".manifest.json";
        string planted = batch.Replace(".ndjson.gz", "-x.ndjson.gz", StringComparison.Ordinal);
        File.Copy(batch, planted);
        string created = (DateTimeOffset.UtcNow - createdAgo).UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        string text = System.Text.RegularExpressions.Regex.Replace(
            File.ReadAllText(manifest).Replace(Path.GetFileName(batch), Path.GetFileName(planted), StringComparison.Ordinal),
            "\"created\":\\s*\"[^\"]*\"", $"\"created\":\"{created}\"");
        File.WriteAllText(planted[..^".ndjson.gz".Length] + ".manifest.json", text);
    }

    /// <summary>A batch object as an interrupted write leaves it: stored under a batch id from <paramref name="createdAgo"/>, no manifest.</summary>
    private string LeaveObjectWithoutManifest(TimeSpan createdAgo)
    {
        string batch = Batches()[0];
        string orphan = Path.Combine(Path.GetDirectoryName(batch)!, Core.Evidence.EvidenceKeys.NewBatchId(DateTimeOffset.UtcNow - createdAgo) + ".ndjson.gz");
        File.Copy(batch, orphan);
        return Path.GetRelativePath(Evidence, orphan);
    }

    [Fact]
    public void An_object_left_without_a_manifest_is_extra_until_seal_records_it_as_abandoned()
    {
        string orphan = LeaveObjectWithoutManifest(Sealer.LateWriteGrace + TimeSpan.FromMinutes(5));
        Verify().Out.Should().Be($"extra: {orphan}: not listed in any manifest\n");

        var seal = CliRun.Of("seal", Evidence, "--key", _dir["auditor.key"]);

        seal.Out.Should().StartWith("sealed checkpoint 1: appended 0 batches, recorded 1 abandoned writes");
        seal.Error.Should().Contain($"abandoned: {orphan}: batch object without a manifest");
        var run = Verify();
        run.ExitCode.Should().Be(0, run.Out);
        run.Error.Should().Contain($"verify: note: abandoned write recorded in seal 1 (not evidence): {orphan}");
        File.ReadAllText(Path.Combine(Evidence, "log", "checkpoints", "000000000001.checkpoint")).Should().MatchRegex("\ntrailnormalizer/seal [0-9a-f]{64}\n");
        CliRun.Of("report", Evidence).Out.Should().Contain("| abandoned writes | 1 ");
    }

    [Fact]
    public void An_object_younger_than_the_grace_is_left_for_a_later_seal()
    {
        string orphan = LeaveObjectWithoutManifest(TimeSpan.FromMinutes(1));

        CliRun.Of("seal", Evidence, "--key", _dir["auditor.key"]).Out.Should().StartWith("nothing to seal");

        Verify().Out.Should().Be($"extra: {orphan}: not listed in any manifest\n");
    }

    [Fact]
    public void A_planted_object_excused_by_an_edited_seal_record_fails_verify()
    {
        LeaveObjectWithoutManifest(Sealer.LateWriteGrace + TimeSpan.FromMinutes(5));
        CliRun.Of("seal", Evidence, "--key", _dir["auditor.key"]).ExitCode.Should().Be(0);
        string planted = LeaveObjectWithoutManifest(TimeSpan.FromDays(2));
        string sealPath = Path.Combine(Evidence, "log", "seals", "000000000001.json");
        MakeWritable(sealPath);
        string digest = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(Evidence, planted))));
        File.WriteAllText(sealPath, File.ReadAllText(sealPath).Replace("\"abandoned\": [",
            $"\"abandoned\": [{{\"key\": \"{planted}\", \"sha256\": \"{digest}\", \"bytes\": {new FileInfo(Path.Combine(Evidence, planted)).Length}}},", StringComparison.Ordinal));

        var run = Verify();

        run.ExitCode.Should().Be(1);
        run.Out.Should().Contain("altered: log/seals/000000000001.json: SHA-256 ").And.Contain($"extra: {planted}: not listed in any manifest");
    }

    [Fact]
    public void An_abandoned_object_changed_after_it_was_recorded_is_altered()
    {
        string orphan = LeaveObjectWithoutManifest(Sealer.LateWriteGrace + TimeSpan.FromMinutes(5));
        CliRun.Of("seal", Evidence, "--key", _dir["auditor.key"]).ExitCode.Should().Be(0);
        string path = Path.Combine(Evidence, orphan);
        MakeWritable(path);
        File.AppendAllText(path, "x");

        var run = Verify();

        run.ExitCode.Should().Be(1);
        run.Out.Should().StartWith($"altered: {orphan}: sha256 ").And.Contain("seal 1 recorded this abandoned write");
    }

    [Fact]
    public void Verify_with_a_key_on_never_sealed_evidence_is_a_finding()
    {
        Inputs.WriteLogFile(_dir["c.json"], 2);
        CliRun.Of("normalize", "--out", _dir["fresh"], _dir["c.json"]).ExitCode.Should().Be(0);

        var run = CliRun.Of("verify", _dir["fresh"], "--pubkey", _dir["auditor.pub"]);

        run.ExitCode.Should().Be(1);
        run.Out.Should().Contain("unsealed: log/: no checkpoint");
    }

    [Fact]
    public void Keygen_refuses_to_overwrite_and_writes_a_private_key_only_the_owner_can_read()
    {
        CliRun.Of("keygen", "--out", _dir["auditor"]).ExitCode.Should().Be(1);
        File.GetUnixFileMode(_dir["auditor.key"]).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.ReadAllText(_dir["auditor.pub"]).Should().StartWith("-----BEGIN PUBLIC KEY-----");
    }

    private static string SwapHashes(string mine, string theirs)
    {
        string Field(string text, string name)
        {
            int start = text.IndexOf($"\"{name}\": \"", StringComparison.Ordinal) + name.Length + 5;
            return text[start..text.IndexOf('"', start)];
        }

        var sb = new StringBuilder(mine);
        foreach (string name in new[] { "sha256", "merkle_root" })
        {
            sb.Replace(Field(mine, name), Field(theirs, name));
        }

        string Bytes(string text) => text[(text.IndexOf("\"bytes\": ", StringComparison.Ordinal) + 9)..text.IndexOf(",\n", text.IndexOf("\"bytes\": ", StringComparison.Ordinal), StringComparison.Ordinal)];
        return sb.ToString().Replace($"\"bytes\": {Bytes(mine)},", $"\"bytes\": {Bytes(theirs)},", StringComparison.Ordinal);
    }
}
