namespace TrailNormalizer.Cli.Tests;

public class ReportCommandTests
{
    [Fact]
    public void The_report_summarizes_coverage_and_names_logging_gaps_in_Markdown_and_HTML()
    {
        using var dir = new TempDir();
        Inputs.WriteLogFile(dir["a.json"], 30);
        CliRun.Of("normalize", "--out", dir["ev"], dir["a.json"]).ExitCode.Should().Be(0);
        CliRun.Of("keygen", "--out", dir["k"]).ExitCode.Should().Be(0);
        CliRun.Of("seal", dir["ev"], "--key", dir["k.key"]).ExitCode.Should().Be(0);

        var run = CliRun.Of("report", dir["ev"], "--html", dir["r.html"], "--gap-hours", "12");

        run.ExitCode.Should().Be(0, run.Error);
        run.Out.Should().Contain("| events | 30 |")
            .And.Contain("| CloudTrail | 30 |")
            .And.Contain("| cloud=aws account=111122223333 region=eu-west-1 | 15 |")
            .And.Contain("| 6003 API Activity | 30 |")
            .And.Contain("under 1 checkpoints")
            .And.Contain("## Gaps longer than 12 h per account and region")
            .And.Contain("A gap is a possible logging outage");
        File.ReadAllText(dir["r.html"]).Should().StartWith("<!DOCTYPE html>").And.Contain("<td>cloud=aws account=111122223333 region=us-east-1</td>");
    }

    [Fact]
    public void Unsealed_evidence_says_so()
    {
        using var dir = new TempDir();
        Inputs.WriteLogFile(dir["a.json"], 2);
        CliRun.Of("normalize", "--out", dir["ev"], dir["a.json"]).ExitCode.Should().Be(0);

        CliRun.Of("report", dir["ev"]).Out.Should().Contain("never sealed");
    }
}
