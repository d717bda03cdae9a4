using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace TrailNormalizer.Cli.Tests;

/// <summary>The help lists every source, and a person at a terminal sees progress within a file and while reading evidence; pipes get nothing extra.</summary>
public class HelpAndProgressTests
{
    private static readonly string[] EverySource =
    [
        "CloudTrail", "LookupEvents", "digest", "EventBridge", "GuardDuty", "Security Hub", "SQS", "SNS", "S3 event notifications",
        "log-file notices", "Event Grid", "CloudEvents", "Activity Log", "Key Vault", "resource logs", "Entra", "Microsoft Graph",
    ];

    private static CliRun RunAtTerminal(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = TrailnormApp.Run(args, new CliConsole(output, error, new MemoryStream(), Interactive: true));
        return new CliRun(code, output.ToString(), error.ToString(), []);
    }

    /// <summary>A CloudTrail log file of about 2.5 MB: large enough for the pipeline to report within it.</summary>
    private static void WriteLargeLogFile(string path)
    {
        var sb = new StringBuilder("{\"Records\":[");
        for (int i = 0; i < 6000; i++)
        {
            sb.Append(i > 0 ? "," : "").Append(Inputs.Record(i));
        }

        File.WriteAllText(path, sb.Append("]}").ToString());
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("normalize", "--help")]
    public void Help_lists_every_source(params string[] args)
    {
        var run = CliRun.Of(args);

        run.ExitCode.Should().Be(0);
        run.Out.Should().ContainAll(EverySource);
    }

    [Fact]
    public void Normalize_at_a_terminal_shows_records_bytes_and_rate_within_a_file_and_clears_the_line()
    {
        using var dir = new TempDir();
        WriteLargeLogFile(dir["big.json"]);
        long size = new FileInfo(dir["big.json"]).Length;

        var run = RunAtTerminal("normalize", "--out", dir["ev"], dir["big.json"]);

        run.ExitCode.Should().Be(0, run.Error);
        string[] draws = run.Error.Split('\r', StringSplitOptions.RemoveEmptyEntries);
        string total = (size / 1_048_576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB";
        draws.Should().Contain(d => Regex.IsMatch(d, @"^\[0/1 files\] [1-9][\d,]* records  [12]\.\d MB of " + Regex.Escape(total)),
            "the line moves within the only file, after each mebibyte read");
        draws.Should().Contain(d => d.StartsWith($"[1/1 files] 6,000 records  {total} of {total}", StringComparison.Ordinal));
        draws[^1].Trim().Should().BeEmpty("the line is cleared before the summary");
        run.Out.Should().Contain("normalized 6000 of 6000 records");
    }

    [Fact]
    public void Verify_report_and_seal_at_a_terminal_show_what_they_read()
    {
        using var dir = new TempDir();
        Inputs.WriteLogFile(dir["a.json"], 20);
        CliRun.Of("normalize", "--out", dir["ev"], dir["a.json"]).ExitCode.Should().Be(0);
        CliRun.Of("keygen", "--out", dir["k"]).ExitCode.Should().Be(0);

        var seal = RunAtTerminal("seal", dir["ev"], "--key", dir["k.key"]);
        var verify = RunAtTerminal("verify", dir["ev"], "--pubkey", dir["k.pub"]);
        var report = RunAtTerminal("report", dir["ev"], "--out", dir["r.md"]);

        seal.ExitCode.Should().Be(0, seal.Error);
        seal.Error.Should().MatchRegex(@"\rseal: \d+ objects, \d+\.\d MB read");
        verify.ExitCode.Should().Be(0, verify.Error);
        verify.Error.Should().MatchRegex(@"\rverify: \d+ objects, \d+\.\d MB of \d+\.\d MB read").And.Contain("verify: intact");
        report.ExitCode.Should().Be(0, report.Error);
        report.Error.Should().MatchRegex(@"\rreport: \d+ objects, \d+\.\d MB of \d+\.\d MB read");
    }

    [Fact]
    public void In_a_pipe_there_is_no_progress_line()
    {
        using var dir = new TempDir();
        WriteLargeLogFile(dir["big.json"]);

        var normalize = CliRun.Of("normalize", "--out", dir["ev"], dir["big.json"]);
        var verify = CliRun.Of("verify", dir["ev"]);

        normalize.ExitCode.Should().Be(0);
        verify.ExitCode.Should().Be(0);
        (normalize.Error + verify.Error).Should().NotContain("\r").And.NotContain("MB");
    }
}
