using System.Text.Json;

namespace TrailNormalizer.Cli.Tests;

public sealed class ProveCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public ProveCommandTests()
    {
        CliRun.Of("keygen", "--out", _dir["k"]).ExitCode.Should().Be(0);
        CliRun.Of("keygen", "--out", _dir["other"]).ExitCode.Should().Be(0);
        Inputs.WriteLogFile(_dir["a.json"], 40);
        CliRun.Of("normalize", "--out", _dir["ev"], _dir["a.json"]).ExitCode.Should().Be(0);
        CliRun.Of("seal", _dir["ev"], "--key", _dir["k.key"]).ExitCode.Should().Be(0);
    }

    public void Dispose() => _dir.Dispose();

    private string Sample(string seed, int count = 5, params string[] extra)
    {
        var run = CliRun.Of(["sample", _dir["ev"], "--count", count.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", seed, .. extra]);
        run.ExitCode.Should().Be(0, run.Error);
        return run.StdoutText;
    }

    [Fact]
    public void The_same_seed_draws_the_same_sample_and_another_seed_a_different_one()
    {
        string first = Sample("audit-2026");

        first.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(5);
        Sample("audit-2026").Should().Be(first);
        Sample("audit-2027").Should().NotBe(first);
    }

    [Fact]
    public void Filters_restrict_the_sample()
    {
        string text = Sample("s", 100, "--where", "uid=cli-000007");

        var line = JsonDocument.Parse(text.Trim()).RootElement;
        line.GetProperty("uid").GetString().Should().Be("cli-000007");
        Sample("s", 100, "--from", "2026-05-03T00:00:00Z").Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(13);
        CliRun.Of("sample", _dir["ev"], "--count", "1", "--seed", "s", "--where", "colour=red").ExitCode.Should().Be(2);
    }

    [Fact]
    public void Proofs_verify_offline_with_only_the_proof_and_the_public_key()
    {
        File.WriteAllText(_dir["sample.ndjson"], Sample("audit"));
        var prove = CliRun.Of("prove", _dir["ev"], "--out", _dir["proofs"], "--pubkey", _dir["k.pub"], "--sample", _dir["sample.ndjson"]);
        prove.ExitCode.Should().Be(0, prove.Error);

        // Move the proofs and the key away and delete the evidence: nothing else is needed.
        using var elsewhere = new TempDir();
        foreach (var f in Directory.EnumerateFiles(_dir["proofs"]))
        {
            File.Copy(f, Path.Combine(elsewhere.Path, Path.GetFileName(f)));
        }

        File.Copy(_dir["k.pub"], elsewhere["k.pub"]);
        foreach (var f in Directory.EnumerateFiles(_dir["ev"], "*", SearchOption.AllDirectories))
        {
            File.SetUnixFileMode(f, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        Directory.Delete(_dir["ev"], true);
        var proofs = Directory.EnumerateFiles(elsewhere.Path, "*.proof.json").ToArray();

        var run = CliRun.Of(["verify-proof", .. proofs, "--pubkey", elsewhere["k.pub"]]);

        proofs.Should().HaveCount(5);
        run.ExitCode.Should().Be(0, run.Out);
        run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(5).And.OnlyContain(l => l.StartsWith("ok: ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("event")]
    [InlineData("removed")]
    [InlineData("path")]
    [InlineData("leaf")]
    [InlineData("checkpoint")]
    [InlineData("key")]
    public void A_tampered_proof_fails_naming_what_broke(string tamper)
    {
        var prove = CliRun.Of("prove", _dir["ev"], "--out", _dir["proofs"], "--pubkey", _dir["k.pub"], "--uid", "cli-000011");
        prove.ExitCode.Should().Be(0, prove.Error);
        string path = Directory.EnumerateFiles(_dir["proofs"]).Single();
        string json = File.ReadAllText(path);
        string changed = tamper switch
        {
            "event" => json.Replace("cli-000011", "cli-000012", StringComparison.Ordinal),
            "removed" => System.Text.RegularExpressions.Regex.Replace(json, "\"event\": \"(?:[^\"\\\\]|\\\\.)*\"", "\"event\": \"\""),
            "path" => ChangeFirstHash(json, "\"inclusion\": [\n      \""),
            "leaf" => json.Replace("\"leaf\": \"trailnormalizer.batch/1\\nevents/", "\"leaf\": \"trailnormalizer.batch/1\\nevents//", StringComparison.Ordinal),
            "checkpoint" => json.Replace("trailnorm.local/evidence\\n", "trailnorm.local/evidence\\n1", StringComparison.Ordinal),
            _ => json,
        };
        if (tamper != "key")
        {
            changed.Should().NotBe(json, "the tampering must change the proof");
        }

        File.WriteAllText(path, changed);

        var run = CliRun.Of("verify-proof", path, "--pubkey", _dir[tamper == "key" ? "other.pub" : "k.pub"]);

        run.ExitCode.Should().Be(1);
        run.Out.Should().StartWith($"FAILED: {path}: ").And.Contain(tamper switch
        {
            "event" => "the event is not at index",
            "removed" => "the event is not at index",
            "path" => "is not at index",
            "leaf" => "does not commit to this batch",
            "checkpoint" => "checkpoint:",
            _ => "different signing key",
        });
    }

    [Fact]
    public void Prove_refuses_unsealed_evidence_and_unknown_ids()
    {
        CliRun.Of("prove", _dir["ev"], "--out", _dir["p"], "--pubkey", _dir["k.pub"], "--uid", "nope").Error.Should().Contain("no event with metadata.uid nope");
        CliRun.Of("prove", _dir["ev"], "--out", _dir["p"], "--pubkey", _dir["other.pub"], "--uid", "cli-000001").Error.Should().Contain("does not verify with this key");
        Inputs.WriteLogFile(_dir["b.json"], 1, offset: 500);
        CliRun.Of("normalize", "--out", _dir["ev"], _dir["b.json"]).ExitCode.Should().Be(0);
        CliRun.Of("prove", _dir["ev"], "--out", _dir["p"], "--pubkey", _dir["k.pub"], "--uid", "cli-000500").Error.Should().Contain("not sealed yet");
    }

    private static string ChangeFirstHash(string json, string marker)
    {
        int at = json.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        char c = json[at] == 'a' ? 'b' : 'a';
        return json[..at] + c + json[(at + 1)..];
    }
}
