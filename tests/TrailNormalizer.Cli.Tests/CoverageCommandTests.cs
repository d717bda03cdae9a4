namespace TrailNormalizer.Cli.Tests;

public class CoverageCommandTests
{
    [Fact]
    public void Coverage_reports_typed_facts_per_source_and_class_from_raw_records_and_from_normalized_events()
    {
        using var dir = new TempDir();
        Inputs.WriteLogFile(dir["a.json"], 4);
        File.WriteAllText(dir["b.json"], """{"version":"0","id":"e1","detail-type":"Some Notice","source":"com.example.notices","account":"111122223333","time":"2026-03-14T09:00:00Z","region":"eu-west-1","detail":{}}""");

        var run = CliRun.Of("coverage", dir["a.json"], dir["b.json"]);

        run.ExitCode.Should().Be(0, run.Error);
        run.Out.Should().MatchRegex(@"CloudTrail\s+4\s+100\.0%")
            .And.MatchRegex(@"6003 API Activity\s+4")
            .And.MatchRegex(@"EventBridge\s+1\s+0\.0%", "a Base Event types none of the facts its record holds")
            .And.Contain("facts held by the records are typed");

        CliRun.Of("normalize", "--out", dir["ev"], dir["a.json"]).ExitCode.Should().Be(0);
        var events = CliRun.Of("cat", dir["ev"]);
        File.WriteAllBytes(dir["events.ndjson"], events.StandardOutput);
        CliRun.Of("coverage", "--events", dir["events.ndjson"]).Out.Should().MatchRegex(@"CloudTrail\s+4\s+100\.0%");
    }

    [Fact]
    public void A_missing_input_is_a_clear_error() =>
        CliRun.Of("coverage", "/nonexistent/input.json").ExitCode.Should().NotBe(0);
}
