namespace TrailNormalizer.Cli.Tests;

/// <summary>The mistakes a newcomer makes first each get one line that names the path or option and what to do, and a non-zero exit.</summary>
public class NewcomerErrorTests
{
    private static void ShouldBeOneClearLine(CliRun run, int exitCode, params string[] mentions)
    {
        run.ExitCode.Should().Be(exitCode, run.Error);
        string[] lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().StartWith("trailnorm: error: ").And.ContainAll(mentions);
        run.Error.Should().NotContain("   at ", "no stack trace").And.NotContain("(Parameter", "no .NET parameter message");
        lines.Skip(1).Where(line => !line.StartsWith("Run 'trailnorm", StringComparison.Ordinal)).Should().BeEmpty("at most a pointer to --help follows");
    }

    [Fact]
    public void An_unknown_option_is_named_with_the_closest_known_one()
    {
        using var dir = new TempDir();
        Inputs.WriteLogFile(dir["a.json"], 2);

        var run = CliRun.Of("normalize", "--output", dir["ev"], dir["a.json"]);

        ShouldBeOneClearLine(run, 2, "unknown option '--output'; did you mean '--out'?");
        run.Error.Should().NotContain("is required").And.Contain("Run 'trailnorm normalize --help'");
        Directory.Exists(dir["ev"]).Should().BeFalse();
    }

    [Fact]
    public void A_misspelt_option_is_not_read_as_an_input_path()
    {
        using var dir = new TempDir();
        Inputs.WriteLogFile(dir["a.json"], 2);

        var run = CliRun.Of("normalize", "--out", dir["ev"], "--sumary-json", dir["s.json"], dir["a.json"]);

        ShouldBeOneClearLine(run, 2, "unknown option '--sumary-json'; did you mean '--summary-json'?");
        Directory.Exists(dir["ev"]).Should().BeFalse("nothing runs on a command line with an unknown option");
    }

    [Fact]
    public void An_unknown_command_is_named_with_the_closest_known_one()
    {
        ShouldBeOneClearLine(CliRun.Of("verfy", "ev"), 2, "unknown command 'verfy'; did you mean 'verify'?");
    }

    [Fact]
    public void Normalize_out_at_a_file_says_it_needs_a_folder()
    {
        using var dir = new TempDir();
        Inputs.WriteLogFile(dir["a.json"], 2);
        File.WriteAllText(dir["taken"], "a file");

        ShouldBeOneClearLine(CliRun.Of("normalize", "--out", dir["taken"], dir["a.json"]), 2, dir["taken"], "is a file", "folder");
        File.ReadAllText(dir["taken"]).Should().Be("a file");
    }

    [Fact]
    public void Keygen_into_a_missing_folder_names_the_folder()
    {
        using var dir = new TempDir();
        string prefix = Path.Combine(dir.Path, "missing", "dir", "k");

        ShouldBeOneClearLine(CliRun.Of("keygen", "--out", prefix), 1, Path.Combine(dir.Path, "missing", "dir"), "does not exist", "create it");
    }

    [Fact]
    public void A_file_that_is_not_a_public_key_is_named()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir["notes.txt"], "not a key\n");
        Inputs.WriteLogFile(dir["a.json"], 2);
        CliRun.Of("normalize", "--out", dir["ev"], dir["a.json"]).ExitCode.Should().Be(0);

        ShouldBeOneClearLine(CliRun.Of("verify", dir["ev"], "--pubkey", dir["notes.txt"]), 1, dir["notes.txt"], "not a PEM public key", ".pub");
        ShouldBeOneClearLine(CliRun.Of("verify-proof", dir["notes.txt"], "--pubkey", dir["a.json"]), 1, dir["a.json"], "not a PEM public key");
    }

    [Fact]
    public void A_file_that_is_not_a_private_key_is_named()
    {
        using var dir = new TempDir();
        Inputs.WriteLogFile(dir["a.json"], 2);
        CliRun.Of("normalize", "--out", dir["ev"], dir["a.json"]).ExitCode.Should().Be(0);
        CliRun.Of("keygen", "--out", dir["k"]).ExitCode.Should().Be(0);
        File.WriteAllText(dir["broken.key"], "-----BEGIN EC PRIVATE KEY-----\nnot base64 at all\n-----END EC PRIVATE KEY-----\n");

        ShouldBeOneClearLine(CliRun.Of("seal", dir["ev"], "--key", dir["a.json"]), 1, dir["a.json"], "not a PEM private key", ".key");
        ShouldBeOneClearLine(CliRun.Of("seal", dir["ev"], "--key", dir["broken.key"]), 1, dir["broken.key"], "not an ECDSA private key");
        ShouldBeOneClearLine(CliRun.Of("seal", dir["ev"], "--key", dir["k.pub"]), 1, dir["k.pub"], "public key, not a private key");
        Directory.Exists(Path.Combine(dir["ev"], "log")).Should().BeFalse("nothing was sealed");
    }

    [Theory]
    [InlineData("verify")]
    [InlineData("cat")]
    [InlineData("report")]
    [InlineData("checkpoint")]
    [InlineData("sample", "--count", "2", "--seed", "s")]
    [InlineData("seal", "--key", "KEY")]
    [InlineData("query", "select 1")]
    [InlineData("export", "--out", "OUT")]
    public void A_folder_that_is_not_evidence_is_refused(string command, params string[] rest)
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir["docs"]);
        File.WriteAllText(dir["docs/readme.md"], "# notes\n");
        CliRun.Of("keygen", "--out", dir["k"]).ExitCode.Should().Be(0);
        string[] args = [command, dir["docs"], .. rest.Select(a => a switch { "KEY" => dir["k.key"], "OUT" => dir["out"], _ => a })];

        var run = CliRun.Of(args);

        ShouldBeOneClearLine(run, 1, $"not an evidence folder: {dir["docs"]}", "trailnorm normalize --out");
        run.Out.Should().BeEmpty();
        Directory.EnumerateFileSystemEntries(dir["docs"]).Should().ContainSingle("nothing is written into it");
    }
}
