using System.Text.Json;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Cli.Tests;

public class RulesCommandTests
{
    private static string Root => RepoPaths.Root;

    [Fact]
    public void Built_in_rules_lint_clean_and_pass_their_examples()
    {
        var lint = CliRun.Of("rules", "lint");
        var test = CliRun.Of("rules", "test", Path.Combine(Root, "schemas", "rules"), "--examples", Path.Combine(Root, "tests", "fixtures", "rules"));

        lint.ExitCode.Should().Be(0, lint.Out);
        lint.Error.Should().MatchRegex(@"rules lint: \d+ rules loaded, 0 not loaded");
        test.ExitCode.Should().Be(0, test.Out);
        test.Out.Should().MatchRegex(@"rules test: \d+ passed, 0 failed");
    }

    [Fact]
    public async Task Rules_test_finds_the_built_in_rules_and_their_examples_by_default()
    {
        var run = await TrailnormProcess.RunInAsync(Path.Combine(Root, "docs"), "rules", "test");

        run.ExitCode.Should().Be(0, run.Out);
        run.Error.Should().Contain(Path.Combine(Root, "schemas", "rules")).And.Contain(Path.Combine(Root, "tests", "fixtures", "rules"));
        run.Out.Should().MatchRegex(@"rules test: [1-9]\d+ passed, 0 failed");
    }

    [Fact]
    public void Rules_test_finds_examples_beside_a_rule_folder()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir["mine/examples/stop"]);
        File.WriteAllText(dir["mine/stop.yml"], "title: Any StopLogging\nid: 6f1c1c3e-0000-4000-8000-000000000003\nlogsource:\n  product: aws\n  service: cloudtrail\ndetection:\n  sel:\n    eventName: StopLogging\n  condition: sel\nlevel: low\n");
        File.WriteAllText(dir["mine/examples/stop/match-1.json"], """{"eventSource":"cloudtrail.amazonaws.com","eventName":"StopLogging"}""");
        File.WriteAllText(dir["mine/examples/stop/nomatch-1.json"], """{"eventSource":"cloudtrail.amazonaws.com","eventName":"StartLogging"}""");

        var run = CliRun.Of("rules", "test", dir["mine"]);

        run.ExitCode.Should().Be(0, run.Out);
        run.Out.Should().Contain("rules test: 2 passed, 0 failed");
    }

    [Fact]
    public void Lint_names_the_file_and_line_of_a_broken_rule()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir["bad.yml"], "title: Bad\nid: 6f1c1c3e-0000-4000-8000-000000000001\nlogsource:\n  product: aws\n  service: cloudtrail\ndetection:\n  sel:\n    eventName|frobnicate: X\n  condition: sel\nlevel: low\n");

        var run = CliRun.Of("rules", "lint", dir.Path);

        run.ExitCode.Should().Be(1);
        run.Out.Should().Contain("bad.yml:").And.Contain("frobnicate");
    }

    [Fact]
    public void Normalized_events_carry_the_matching_rules_labels_author_and_severity()
    {
        using var dir = new TempDir();
        string stopLogging = Path.Combine(Root, "tests", "fixtures", "cloudtrail", "cloudtrail-stop-logging.json");
        string readOnly = Path.Combine(Root, "tests", "fixtures", "cloudtrail", "ec2-describe-instances-unauthorized.json");
        File.WriteAllText(dir["mine.yml"], "title: Any StopLogging\nid: 6f1c1c3e-0000-4000-8000-000000000002\nauthor: Test Author\nlogsource:\n  product: aws\n  service: cloudtrail\ndetection:\n  sel:\n    eventName: StopLogging\n  condition: sel\nlevel: critical\n");

        CliRun.Of("normalize", "--out", dir["ev"], "--rules", dir["mine.yml"], stopLogging, readOnly).ExitCode.Should().Be(0);

        var findings = CliRun.Of("cat", dir["ev"], "--findings").StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        findings.Should().OnlyContain(e => e.GetProperty("class_uid").GetInt32() == 2004);
        findings.Select(f => f.GetProperty("enrichments")[0].GetProperty("data").GetProperty("author").GetString())
            .Should().BeEquivalentTo(["TrailNormalizer", "Test Author"], "the built-in high rule and the user's critical rule both escalate");
        var events = CliRun.Of("cat", dir["ev"]).StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var tagged = events.Single(e => e.GetProperty("api").GetProperty("operation").GetString() == "StopLogging");
        var labels = tagged.GetProperty("metadata").GetProperty("labels").EnumerateArray().Select(l => l.GetString()).ToList();
        labels.Should().Contain(["incident:logging-tamper", "control:soc2:CC7.2", "control:iso27001-2013:A.12.4.2", "control:iso27001-2022:A.8.15"]);
        tagged.GetProperty("severity_id").GetInt32().Should().Be(5);
        tagged.GetProperty("severity").GetString().Should().Be("Critical");
        tagged.GetProperty("enrichments").EnumerateArray().Select(e => e.GetProperty("data").GetProperty("author").GetString())
            .Should().Contain(["TrailNormalizer", "Test Author"]);
        var untouched = events.Single(e => e.GetProperty("api").GetProperty("operation").GetString() == "DescribeInstances");
        untouched.TryGetProperty("enrichments", out _).Should().BeFalse("read-only calls match no rule");
        untouched.GetProperty("severity_id").GetInt32().Should().Be(1);
    }

    [Fact]
    public void Built_in_rules_can_be_turned_off()
    {
        using var dir = new TempDir();
        string stopLogging = Path.Combine(Root, "tests", "fixtures", "cloudtrail", "cloudtrail-stop-logging.json");

        CliRun.Of("normalize", "--out", dir["ev"], "--no-builtin-rules", stopLogging).ExitCode.Should().Be(0);

        CliRun.Of("cat", dir["ev"]).StdoutText.Should().NotContain("incident:");
    }

    [Fact]
    public void Coverage_writes_the_committed_docs_coverage_md()
    {
        using var dir = new TempDir();

        var run = CliRun.Of("rules", "coverage", "--out", dir["coverage.md"]);

        run.ExitCode.Should().Be(0, run.Error);
        run.Error.Should().MatchRegex(@"rules coverage: \d+ of \d+ techniques with rules \(\d+ on both clouds\); 0 tagged techniques not in the list");
        File.ReadAllText(dir["coverage.md"]).Should().Be(File.ReadAllText(Path.Combine(Root, "docs", "coverage.md")).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Coverage_fails_when_a_rule_names_a_technique_missing_from_the_list()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir["r.yml"], "title: T\nid: 6f1c1c3e-0000-4000-8000-000000000009\ntags:\n  - attack.t9999\nlogsource:\n  product: aws\n  service: cloudtrail\ndetection:\n  sel:\n    eventName: X\n  condition: sel\nlevel: low\n");

        var run = CliRun.Of("rules", "coverage", dir.Path);

        run.ExitCode.Should().Be(1);
        run.Out.Should().Contain("## Techniques missing from the technique list").And.Contain("- T9999");
    }
}
