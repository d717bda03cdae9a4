using System.Text.Json;

namespace TrailNormalizer.Cli.Tests;

/// <summary>An auditor who kept a checkpoint detects a rolled-back or rewritten log: verify, witness copies and proofs.</summary>
public sealed class RollbackTests : IDisposable
{
    private readonly TempDir _dir = new();

    public RollbackTests()
    {
        CliRun.Of("keygen", "--out", _dir["sealer"]).ExitCode.Should().Be(0);
        AddAndSeal("a", 0);
        AddAndSeal("b", 100);
    }

    private string Evidence => _dir["ev"];

    public void Dispose() => _dir.Dispose();

    private void AddAndSeal(string name, int offset)
    {
        Inputs.WriteLogFile(_dir[name + ".json"], 10, offset);
        CliRun.Of("normalize", "--out", Evidence, _dir[name + ".json"]).ExitCode.Should().Be(0);
        var seal = CliRun.Of("seal", Evidence, "--key", _dir["sealer.key"], "--witness", _dir["witness"]);
        seal.ExitCode.Should().Be(0, seal.Error);
    }

    private string KeepCheckpoint(string name)
    {
        var run = CliRun.Of("checkpoint", Evidence);
        run.ExitCode.Should().Be(0, run.Error);
        File.WriteAllText(_dir[name], run.Out);
        return _dir[name];
    }

    private CliRun Verify(params string[] extra) => CliRun.Of(["verify", Evidence, "--pubkey", _dir["sealer.pub"], .. extra]);

    /// <summary>Deletes the batches the last seal appended, their manifests, the seal record and its checkpoint.</summary>
    private void RollBackLastSeal()
    {
        string seals = Path.Combine(Evidence, "log", "seals");
        string last = Directory.EnumerateFiles(seals).Order(StringComparer.Ordinal).Last();
        using var record = JsonDocument.Parse(File.ReadAllBytes(last));
        foreach (var manifest in record.RootElement.GetProperty("appended").EnumerateArray().Select(e => e.GetString()!))
        {
            Delete(manifest);
            Delete(manifest.Replace(".manifest.json", ".ndjson.gz", StringComparison.Ordinal));
        }

        Delete(Path.GetRelativePath(Evidence, last));
        Delete(Path.Combine("log", "checkpoints", Path.GetFileNameWithoutExtension(last) + ".checkpoint"));
    }

    private void Delete(string relative)
    {
        string path = Path.Combine(Evidence, relative);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Delete(path);
    }

    [Fact]
    public void Checkpoint_prints_the_latest_signed_note()
    {
        File.ReadAllText(KeepCheckpoint("cp")).Should().Be(File.ReadAllText(Path.Combine(Evidence, "log", "checkpoints", "000000000001.checkpoint")));
    }

    [Fact]
    public void A_log_that_extends_the_kept_checkpoint_verifies()
    {
        string cp = KeepCheckpoint("cp");
        AddAndSeal("c", 200);

        var run = Verify("--trusted-checkpoint", cp, "--witness", _dir["witness"]);

        run.ExitCode.Should().Be(0, run.Out);
    }

    [Fact]
    public void A_rollback_is_intact_without_the_kept_checkpoint_and_rolled_back_with_it()
    {
        string cp = KeepCheckpoint("cp");
        RollBackLastSeal();

        Verify().ExitCode.Should().Be(0, "a consistent shorter log is all verify alone can see");
        var run = Verify("--trusted-checkpoint", cp);
        run.ExitCode.Should().Be(1);
        run.Out.Should().Contain($"rolled-back: {cp}: the kept checkpoint has 20 sealed batches, the log now only 10");
    }

    [Fact]
    public void A_rollback_is_caught_by_the_witness_copies()
    {
        RollBackLastSeal();

        var run = Verify("--witness", _dir["witness"]);

        run.ExitCode.Should().Be(1);
        run.Out.Should().Contain("rolled-back: log/checkpoints/000000000001.checkpoint: the witness holds this checkpoint, the evidence no longer does");
    }

    [Fact]
    public void A_history_rewritten_and_re_signed_by_the_key_holder_is_forked()
    {
        string cp = KeepCheckpoint("cp");
        // The key holder deletes the whole log and one early batch, then seals again: a consistent, validly signed log of another history.
        RollBackLastSeal();
        RollBackLastSeal();
        Inputs.WriteLogFile(_dir["x.json"], 30, 500);
        CliRun.Of("normalize", "--out", Evidence, _dir["x.json"]).ExitCode.Should().Be(0);
        CliRun.Of("seal", Evidence, "--key", _dir["sealer.key"]).ExitCode.Should().Be(0);
        CliRun.Of("seal", Evidence, "--key", _dir["sealer.key"]).ExitCode.Should().Be(0);
        Verify().ExitCode.Should().Be(0);

        var run = Verify("--trusted-checkpoint", cp, "--witness", _dir["witness"]);

        run.ExitCode.Should().Be(1);
        run.Out.Should().Contain($"forked: {cp}: the log's first 20 batches are not the ones the kept checkpoint signed")
            .And.Contain("forked: log/checkpoints/000000000000.checkpoint: differs from the witness copy");
    }

    [Fact]
    public void Verify_proof_checks_consistency_with_a_kept_checkpoint()
    {
        string older = KeepCheckpoint("older");
        AddAndSeal("c", 200);
        string uid = "cli-000201";
        CliRun.Of("prove", Evidence, "--out", _dir["proofs"], "--pubkey", _dir["sealer.pub"], "--uid", uid, "--trusted-checkpoint", older).ExitCode.Should().Be(0);
        string proof = Directory.EnumerateFiles(_dir["proofs"]).Single();

        CliRun.Of("verify-proof", proof, "--pubkey", _dir["sealer.pub"], "--trusted-checkpoint", older).Out.Should().StartWith("ok: ");

        string newer = KeepCheckpoint("newer");
        AddAndSeal("d", 300);
        string newest = KeepCheckpoint("newest");
        var stale = CliRun.Of("verify-proof", proof, "--pubkey", _dir["sealer.pub"], "--trusted-checkpoint", newest);
        stale.ExitCode.Should().Be(1);
        stale.Out.Should().Contain("rolled-back: ").And.Contain("has 40 sealed batches, the proof's log only 30");
        CliRun.Of("verify-proof", proof, "--pubkey", _dir["sealer.pub"], "--trusted-checkpoint", newer).Out.Should().StartWith("ok: ", "same size and root");
    }
}
