namespace TrailNormalizer.Cli.Tests;

/// <summary>seal refuses keys that cannot or may not sign the chain, and follows a deliberate rotation.</summary>
public sealed class SealKeyTests : IDisposable
{
    private readonly TempDir _dir = new();

    public SealKeyTests()
    {
        CliRun.Of("keygen", "--out", _dir["auditor"]).ExitCode.Should().Be(0);
        CliRun.Of("keygen", "--out", _dir["mallory"]).ExitCode.Should().Be(0);
        CliRun.Of("keygen", "--out", _dir["next"]).ExitCode.Should().Be(0);
        Inputs.WriteLogFile(_dir["a.json"], 20);
        CliRun.Of("normalize", "--out", Evidence, _dir["a.json"]).ExitCode.Should().Be(0);
        CliRun.Of("seal", Evidence, "--key", _dir["auditor.key"]).ExitCode.Should().Be(0);
    }

    private string Evidence => _dir["ev"];

    public void Dispose() => _dir.Dispose();

    private CliRun Verify(string key = "auditor.pub") => CliRun.Of("verify", Evidence, "--pubkey", _dir[key]);

    private List<string> LogFiles() => Directory.EnumerateFiles(Path.Combine(Evidence, "log"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();

    private void MoreEvidence(int offset)
    {
        Inputs.WriteLogFile(_dir[$"more{offset}.json"], 5, offset: offset);
        CliRun.Of("normalize", "--out", Evidence, _dir[$"more{offset}.json"]).ExitCode.Should().Be(0);
    }

    [Fact]
    public void Sealing_with_the_public_key_file_is_one_line_and_writes_nothing()
    {
        MoreEvidence(100);
        var before = LogFiles();

        var run = CliRun.Of("seal", Evidence, "--key", _dir["auditor.pub"]);

        run.ExitCode.Should().Be(1);
        run.Error.Should().Be($"trailnorm: error: {_dir["auditor.pub"]} holds a public key, not a private key: seal needs the private key from 'trailnorm keygen'\n");
        LogFiles().Should().Equal(before);
        Verify().ExitCode.Should().Be(0);
    }

    [Fact]
    public void Sealing_with_another_private_key_is_refused_before_anything_is_written()
    {
        MoreEvidence(100);
        var before = LogFiles();

        var run = CliRun.Of("seal", Evidence, "--key", _dir["mallory.key"]);

        run.ExitCode.Should().Be(1);
        run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle()
            .Which.Should().Contain("is not the key that signed log/checkpoints/000000000000.checkpoint (the chain's key)");
        LogFiles().Should().Equal(before);
        CliRun.Of("seal", Evidence, "--key", _dir["auditor.key"]).ExitCode.Should().Be(0);
        Verify().ExitCode.Should().Be(0);
    }

    [Fact]
    public void A_deliberate_rotation_is_followed_by_verify_and_the_old_key_may_no_longer_seal()
    {
        MoreEvidence(100);
        var rotate = CliRun.Of("seal", Evidence, "--key", _dir["next.key"], "--rotate-from", _dir["auditor.key"]);
        rotate.ExitCode.Should().Be(0, rotate.Error);
        File.Exists(Path.Combine(Evidence, "log", "keys", "000000000001.rotation")).Should().BeTrue();

        MoreEvidence(200);
        CliRun.Of("seal", Evidence, "--key", _dir["auditor.key"]).ExitCode.Should().Be(1);
        CliRun.Of("seal", Evidence, "--key", _dir["next.key"]).Out.Should().StartWith("sealed checkpoint 2");

        var verify = Verify();
        verify.ExitCode.Should().Be(0, verify.Out);
        verify.Error.Should().Contain("3 checkpoints");
    }

    [Fact]
    public void A_rotation_signed_by_a_key_other_than_the_chains_is_a_finding()
    {
        MoreEvidence(100);
        // Mallory hands the log to herself with a statement she signs, then seals.
        CliRun.Of("seal", Evidence, "--key", _dir["next.key"], "--rotate-from", _dir["mallory.key"]).ExitCode.Should().Be(1);
        var statement = new TrailNormalizer.Core.Evidence.Checkpoints.KeyRotation("trailnorm.local/evidence", 1, PublicKey("mallory.pub"));
        using (var mallory = TrailNormalizer.Core.Evidence.Checkpoints.LocalKeySigner.FromPemFile(_dir["mallory.key"]))
        {
            Directory.CreateDirectory(Path.Combine(Evidence, "log", "keys"));
            File.WriteAllBytes(Path.Combine(Evidence, "log", "keys", "000000000001.rotation"), statement.SignWith(mallory));
        }

        CliRun.Of("seal", Evidence, "--key", _dir["mallory.key"]).ExitCode.Should().Be(0);

        var verify = Verify();
        verify.ExitCode.Should().Be(1);
        verify.Out.Should().Contain("bad-signature: log/keys/000000000001.rotation: key rotation not signed by the log's key")
            .And.Contain("bad-signature: log/checkpoints/000000000001.checkpoint");
    }

    private byte[] PublicKey(string name)
    {
        using var key = System.Security.Cryptography.ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(_dir[name]));
        return key.ExportSubjectPublicKeyInfo();
    }
}
