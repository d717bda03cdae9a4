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
    public void The_report_shows_evidence_per_control_and_files_an_entra_sign_in_under_region_global_not_its_country()
    {
        using var evidence = new AuditEvidence();

        var run = CliRun.Of("report", evidence.Evidence, "--html", evidence.Dir["r.html"]);

        run.ExitCode.Should().Be(0, run.Error);
        run.Out.Should().Contain("## Evidence by control")
            .And.Contain("| soc2 | CC7.2 | Monitoring of system components for anomalies: ")
            .And.MatchRegex(@"\| soc2 \| CC7\.2 \| [^|]+ \| [1-9][0-9]* \| [^|]*logging-tamper \([1-9][0-9]*\)[^|]* \| 2026-03-\d\d \d\d:\d\dZ \| 2026-03-\d\d \d\d:\d\dZ \|")
            .And.Contain("| soc2 | CC7.4 | Incident response")
            .And.Contain("| cloud=azure account=00000000-0000-0000-0000-00000000000a region=global | 1 |")
            .And.NotContain("region=nl");
        string html = File.ReadAllText(evidence.Dir["r.html"]);
        html.Should().Contain("<svg id=\"activity-chart\"").And.Contain("<svg id=\"incident-chart\"").And.Contain("Content-Security-Policy").And.NotContain("<script");
    }

    [Fact]
    public void A_period_limits_the_report_and_its_edges_count_as_gaps()
    {
        using var dir = new TempDir();
        Inputs.WriteLogFile(dir["a.json"], 30);
        CliRun.Of("normalize", "--out", dir["ev"], dir["a.json"]).ExitCode.Should().Be(0);

        var run = CliRun.Of("report", dir["ev"], "--from", "2026-05-02T00:00:00Z", "--to", "2026-05-03T00:00:00Z", "--gap-hours", "20");

        run.ExitCode.Should().Be(0, run.Error);
        run.Out.Should().Contain("| events | 10 |").And.Contain("| period | 2026-05-02 00:00:00Z to 2026-05-03 00:00:00Z (events 2026-05-02 1");
        CliRun.Of("report", dir["ev"], "--from", "2026-06-01T00:00:00Z", "--gap-hours", "20").Out
            .Should().Contain("| events | 0 |");
        CliRun.Of("report", dir["ev"], "--from", "2026-04-01T00:00:00Z", "--to", "2026-05-02T00:00:00Z", "--gap-hours", "20").Out
            .Should().Contain("| cloud=aws account=111122223333 region=eu-west-1 | 2026-04-01 00:00:00Z | 2026-05-01 1");
        CliRun.Of("report", dir["ev"], "--from", "May").ExitCode.Should().Be(2);
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
