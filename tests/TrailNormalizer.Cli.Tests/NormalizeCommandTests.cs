using System.Text.Json;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Cli.Tests;

public class NormalizeCommandTests
{
    [Fact]
    public void Normalize_writes_a_summary_whose_counts_add_up_and_cat_prints_every_event()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir["in/nested"]);
        Inputs.WriteLogFile(dir["in/a.json"], 30);
        File.WriteAllText(dir["in/nested/b.ndjson"], Inputs.Record(100) + "\n{broken\n" + Inputs.Record(101) + "\n");
        File.WriteAllText(dir["in/ignored.txt"], "not an input");

        var run = CliRun.Of("normalize", "--out", dir["ev"], "--summary-json", dir["summary.json"], dir["in"]);

        run.ExitCode.Should().Be(0, run.Error);
        using var summary = JsonDocument.Parse(File.ReadAllBytes(dir["summary.json"]));
        var root = summary.RootElement;
        root.GetProperty("records").GetInt64().Should().Be(33);
        root.GetProperty("normalized").GetInt64().Should().Be(32);
        root.GetProperty("quarantined").GetInt64().Should().Be(1);
        root.GetProperty("files").GetInt64().Should().Be(2);
        root.GetProperty("classes").GetProperty("6003 API Activity").GetInt64().Should().Be(32);
        run.Out.Should().Contain("normalized 32 of 33 records");

        var cat = CliRun.Of("cat", dir["ev"]);
        cat.ExitCode.Should().Be(0);
        var lines = cat.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(32);
        lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("metadata").GetProperty("uid").GetString())
            .Should().BeEquivalentTo(Enumerable.Range(0, 30).Append(100).Append(101).Select(i => $"cli-{i:D6}"));

        var quarantine = CliRun.Of("cat", dir["ev"], "--quarantine");
        var item = JsonDocument.Parse(quarantine.StdoutText.Trim()).RootElement;
        item.GetProperty("raw").GetString().Should().Be("{broken");
        item.GetProperty("source").GetString().Should().EndWith("b.ndjson:line 2");
        item.GetProperty("reason").GetString().Should().StartWith("malformed JSON");
    }

    [Fact]
    public void Batches_are_partitioned_by_account_region_date_and_hour_and_made_read_only()
    {
        using var dir = new TempDir();
        Inputs.WriteLogFile(dir["a.json"], 4);

        CliRun.Of("normalize", "--out", dir["ev"], dir["a.json"]).ExitCode.Should().Be(0);

        var batches = Directory.EnumerateFiles(dir["ev"], "*.ndjson.gz", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(dir["ev"], f).Replace('\\', '/'))
            .ToList();
        batches.Should().HaveCount(4).And.Contain(b => b.StartsWith("events/cloud=aws/account=111122223333/region=eu-west-1/date=2026-05-01/hour=10/", StringComparison.Ordinal));
        batches.Should().Contain(b => b.StartsWith("events/cloud=aws/account=111122223333/region=us-east-1/date=2026-05-02/hour=11/", StringComparison.Ordinal));
        foreach (var file in Directory.EnumerateFiles(dir["ev"], "*", SearchOption.AllDirectories))
        {
            File.GetUnixFileMode(file).Should().NotHaveFlag(UnixFileMode.UserWrite);
        }
    }

    [Fact]
    public void Missing_input_is_a_one_line_error_with_a_non_zero_exit()
    {
        using var dir = new TempDir();

        var run = CliRun.Of("normalize", "--out", dir["ev"], dir["nope.json"]);

        run.ExitCode.Should().Be(1);
        run.Error.Trim().Should().StartWith("trailnorm: error: input not found").And.NotContain("\n");
    }

    [Theory]
    [InlineData("normalize")]
    [InlineData("normalize", "--out")]
    [InlineData("frobnicate")]
    [InlineData("cat")]
    [InlineData("normalize", "--out", "x", "--batch-size", "many", "in.json")]
    public void Usage_errors_exit_2_and_say_what_is_wrong(params string[] args)
    {
        var run = CliRun.Of(args);

        run.ExitCode.Should().Be(2);
        run.Error.Should().StartWith("trailnorm: error: ");
    }

    [Theory]
    [InlineData("normalize")]
    [InlineData("cat")]
    [InlineData("verify")]
    public void Every_command_explains_itself_with_help(string command)
    {
        var run = CliRun.Of(command, "--help");

        run.ExitCode.Should().Be(0);
        run.Out.Should().Contain("Usage:").And.Contain(command);
    }

    [Fact]
    public void The_examples_shipped_for_the_quick_start_normalize_and_verify()
    {
        using var dir = new TempDir();
        string examples = Path.Combine(RepoPaths.Root, "examples");

        var run = CliRun.Of("normalize", "--out", dir["ev"], "--summary-json", dir["s.json"], examples);

        run.ExitCode.Should().Be(0, run.Error);
        using var summary = JsonDocument.Parse(File.ReadAllBytes(dir["s.json"]));
        summary.RootElement.GetProperty("normalized").GetInt64().Should().BeGreaterThan(20);
        summary.RootElement.GetProperty("quarantined").GetInt64().Should().Be(0);
        CliRun.Of("verify", dir["ev"]).ExitCode.Should().Be(0);
    }
}

public class RetentionTests
{
    [Fact]
    public void Retention_below_90_days_is_refused_with_a_clear_error()
    {
        using var dir = new TempDir();
        Inputs.WriteLogFile(dir["a.json"], 1);

        var run = CliRun.Of("normalize", "--out", dir["ev"], "--retention-days", "30", dir["a.json"]);

        run.ExitCode.Should().Be(2);
        run.Error.Trim().Should().Be("trailnorm: error: retention of 30 days is below the 90-day minimum for audit evidence");
        Directory.Exists(dir["ev"]).Should().BeFalse();
    }

    [Fact]
    public void Manifests_record_the_retain_until_date_default_400_days()
    {
        using var dir = new TempDir();
        Inputs.WriteLogFile(dir["a.json"], 1);
        var before = DateTimeOffset.UtcNow;

        CliRun.Of("normalize", "--out", dir["ev"], dir["a.json"]).ExitCode.Should().Be(0);

        string manifest = Directory.EnumerateFiles(dir["ev"], "*.manifest.json", SearchOption.AllDirectories).Single();
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(manifest));
        var until = DateTimeOffset.Parse(doc.RootElement.GetProperty("retain_until").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        until.Should().BeCloseTo(before.AddDays(400), TimeSpan.FromMinutes(5));
    }
}

public class AwsFlagTests
{
    private static string Fixtures => RepoPaths.Fixtures;

    [Fact]
    public void An_S3_pointer_is_resolved_through_the_mirror_and_quarantined_without_it()
    {
        using var dir = new TempDir();
        string pointer = Path.Combine(Fixtures, "s3", "s3-object-created-resolved.json");

        var without = CliRun.Of("normalize", "--out", dir["a"], "--summary-json", dir["a.json"], pointer);
        var with = CliRun.Of("normalize", "--out", dir["b"], "--summary-json", dir["b.json"], "--s3-mirror", Path.Combine(Fixtures, "s3", "mirror"), pointer);

        without.ExitCode.Should().Be(0);
        with.ExitCode.Should().Be(0, with.Error);
        using var a = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(dir["a.json"]));
        using var b = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(dir["b.json"]));
        a.RootElement.GetProperty("normalized").GetInt64().Should().Be(1, "the notification itself is an object event");
        a.RootElement.GetProperty("quarantined").GetInt64().Should().Be(1);
        CliRun.Of("cat", dir["a"], "--quarantine").StdoutText.Should().Contain("unresolved pointer s3://");
        b.RootElement.GetProperty("normalized").GetInt64().Should().BeGreaterThan(1);
        b.RootElement.GetProperty("quarantined").GetInt64().Should().Be(0);
    }

    [Fact]
    public void SNS_envelopes_without_certificates_are_labelled_unverified_and_counted_on_stderr()
    {
        using var dir = new TempDir();
        string envelope = Path.Combine(Fixtures, "sns", "sns-http-v2-eventbridge-cloudtrail.json");

        var run = CliRun.Of("normalize", "--out", dir["ev"], envelope);
        var verified = CliRun.Of("normalize", "--out", dir["ev2"], "--sns-certs", Path.Combine(Fixtures, "sns", "certs"), envelope);

        run.ExitCode.Should().Be(0);
        run.Error.Should().Contain("NOT signature-verified");
        CliRun.Of("cat", dir["ev"]).StdoutText.Should().Contain("sns:signature-unverified");
        verified.ExitCode.Should().Be(0, verified.Error);
        CliRun.Of("cat", dir["ev2"]).StdoutText.Should().NotContain("sns:signature-unverified").And.Contain("\"class_uid\"");
    }

    [Fact]
    public void A_missing_certificate_folder_is_an_error()
    {
        using var dir = new TempDir();

        var run = CliRun.Of("normalize", "--out", dir["ev"], "--sns-certs", dir["nope"], Path.Combine(Fixtures, "sns", "sns-http-v2-eventbridge-cloudtrail.json"));

        run.ExitCode.Should().NotBe(0);
        run.Error.Should().StartWith("trailnorm: error: ");
    }

    [Fact]
    public void Findings_option_writes_a_detection_finding_for_StopLogging_and_nothing_for_DescribeInstances()
    {
        using var dir = new TempDir();
        string probes = Path.Combine(Fixtures, "probes");

        var stop = CliRun.Of("normalize", "--out", dir["ev1"], "--findings", dir["f1.ndjson"], "--summary-json", dir["s1.json"], Path.Combine(probes, "aws-stop-logging.json"));
        var describe = CliRun.Of("normalize", "--out", dir["ev2"], "--findings", dir["f2.ndjson"], Path.Combine(probes, "read-only", "aws-describe-instances.json"));

        stop.ExitCode.Should().Be(0, stop.Error);
        stop.Out.Should().Contain("normalized 1 of 1 records").And.Contain("detection findings: 1");
        var lines = File.ReadAllLines(dir["f1.ndjson"]);
        lines.Should().ContainSingle();
        var finding = JsonDocument.Parse(lines[0]).RootElement;
        finding.GetProperty("class_uid").GetInt32().Should().Be(2004);
        finding.GetProperty("finding_info").GetProperty("analytic").GetProperty("name").GetString().Should().Be("CloudTrail trail stopped or deleted");
        using (var summary = JsonDocument.Parse(File.ReadAllBytes(dir["s1.json"])))
        {
            summary.RootElement.GetProperty("findings").GetInt64().Should().Be(1);
            summary.RootElement.GetProperty("classes").GetProperty("2004 Detection Finding").GetInt64().Should().Be(1);
        }

        var stored = CliRun.Of("cat", dir["ev1"], "--findings").StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        stored.Should().Equal([lines[0]], "findings are stored as evidence like events, and cat --findings prints them");
        var events = CliRun.Of("cat", dir["ev1"]).StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        events.Should().ContainSingle("cat prints one event per normalized record, without the derived finding")
            .Which.Should().Contain("\"class_uid\":1008");

        describe.ExitCode.Should().Be(0, describe.Error);
        File.ReadAllText(dir["f2.ndjson"]).Should().BeEmpty();
    }

    [Fact]
    public void Escalation_level_none_stores_no_finding_and_an_unknown_level_is_a_usage_error()
    {
        using var dir = new TempDir();
        string stopLogging = Path.Combine(Fixtures, "probes", "aws-stop-logging.json");

        var none = CliRun.Of("normalize", "--out", dir["ev"], "--escalation-level", "none", "--summary-json", dir["s.json"], stopLogging);
        var bad = CliRun.Of("normalize", "--out", dir["ev2"], "--escalation-level", "severe", stopLogging);

        none.ExitCode.Should().Be(0, none.Error);
        using (var summary = JsonDocument.Parse(File.ReadAllBytes(dir["s.json"])))
        {
            summary.RootElement.GetProperty("findings").GetInt64().Should().Be(0);
        }

        bad.ExitCode.Should().NotBe(0);
        bad.Error.Should().Contain("--escalation-level: unknown level 'severe'");
    }

    [Fact]
    public void Any_number_of_workers_writes_the_same_batches_with_the_same_merkle_roots()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir["in"]);
        Inputs.WriteLogFile(dir["in/a.json"], 400);
        File.WriteAllLines(dir["in/b.ndjson"], Enumerable.Range(1000, 60).Select(i => i % 7 == 0 ? "{broken" : Inputs.Record(i, account: $"1000000000{i % 5:D2}")));

        string Batches(int workers)
        {
            var run = CliRun.Of("normalize", "--out", dir[$"ev{workers}"], "--workers", $"{workers}", "--escalation-level", "none", dir["in"]);
            run.ExitCode.Should().Be(0, run.Error);
            return string.Join('\n', Directory.EnumerateFiles(dir[$"ev{workers}"], "*.manifest.json", SearchOption.AllDirectories)
                .Select(f => (Folder: Path.GetRelativePath(dir[$"ev{workers}"], Path.GetDirectoryName(f)!), Manifest: JsonDocument.Parse(File.ReadAllBytes(f)).RootElement))
                .Select(m => $"{m.Folder} {m.Manifest.GetProperty("count").GetInt32()} {m.Manifest.GetProperty("merkle_root").GetString()}")
                .Order(StringComparer.Ordinal));
        }

        string sequential = Batches(1);
        sequential.Split('\n').Should().HaveCountGreaterThan(10).And.Contain(b => b.StartsWith("quarantine", StringComparison.Ordinal));
        Batches(3).Should().Be(sequential);
    }

    [Fact]
    public void Workers_below_one_are_refused()
    {
        using var dir = new TempDir();
        Inputs.WriteLogFile(dir["a.json"], 2);

        var run = CliRun.Of("normalize", "--out", dir["ev"], "--workers", "0", dir["a.json"]);

        run.ExitCode.Should().NotBe(0);
        run.Error.Should().Contain("--workers must be from 1 to 256");
    }
}
