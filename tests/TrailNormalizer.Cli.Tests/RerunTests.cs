using System.IO.Compression;
using System.Text.Json;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Cli.Tests;

/// <summary>normalize is idempotent over inputs it stored and finishes inputs an interrupted run left, storing each record once.</summary>
public sealed class RerunTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Evidence => _dir["ev"];

    [Fact]
    public void Normalizing_the_same_input_twice_stores_nothing_the_second_time_and_says_so()
    {
        Inputs.WriteLogFile(_dir["a.json"], 41);
        CliRun.Of("normalize", "--out", Evidence, _dir["a.json"]).ExitCode.Should().Be(0);

        var again = CliRun.Of("normalize", "--out", Evidence, _dir["a.json"]);

        again.ExitCode.Should().Be(0);
        again.Out.Should().StartWith("normalized 0 of 0 records from 1 files");
        again.Error.Should().Contain($"already stored: {_dir["a.json"]} (run ");
        var uids = Uids();
        uids.Should().HaveCount(41).And.OnlyHaveUniqueItems();
        var cat = CliRun.Of("cat", Evidence);
        cat.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(41);
    }

    [Fact]
    public void Reingest_stores_again_and_is_recorded()
    {
        Inputs.WriteLogFile(_dir["a.json"], 5);
        CliRun.Of("normalize", "--out", Evidence, _dir["a.json"]).ExitCode.Should().Be(0);

        CliRun.Of("normalize", "--out", Evidence, "--reingest", _dir["a.json"]).Out.Should().StartWith("normalized 5 of 5 records");

        var completions = Directory.EnumerateFiles(Path.Combine(Evidence, "inputs"), "*.json", SearchOption.AllDirectories).ToList();
        completions.Should().HaveCount(2);
        completions.Select(File.ReadAllText).Should().ContainSingle(text => text.Contains("\"reingest\": true", StringComparison.Ordinal));
    }

    [Fact]
    public void A_new_input_next_to_stored_ones_is_the_only_one_stored()
    {
        Directory.CreateDirectory(_dir["in"]);
        Inputs.WriteLogFile(_dir["in/a.json"], 5);
        CliRun.Of("normalize", "--out", Evidence, _dir["in"]).ExitCode.Should().Be(0);
        Inputs.WriteLogFile(_dir["in/b.json"], 7, offset: 100);

        CliRun.Of("normalize", "--out", Evidence, _dir["in"]).Out.Should().StartWith("normalized 7 of 7 records from 2 files");
        Uids().Should().HaveCount(12).And.OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task Four_writers_over_the_same_input_store_it_once()
    {
        Inputs.WriteLogFile(_dir["a.json"], 3000);

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => TrailnormProcess.RunAsync("normalize", "--out", Evidence, "--batch-size", "50", _dir["a.json"])));

        runs.Should().AllSatisfy(r => r.ExitCode.Should().Be(0, r.Error));
        runs.Count(r => r.Error.Contains("already stored", StringComparison.Ordinal)).Should().Be(3);
        Uids().Should().HaveCount(3000).And.OnlyHaveUniqueItems();
        CliRun.Of("verify", Evidence).ExitCode.Should().Be(0);
    }

    [Fact]
    public void A_killed_run_is_reported_incomplete_and_the_same_command_finishes_it_with_every_record_once()
    {
        // Small batches over a large first input: its batches are stored in many groups, so the kill lands while most of
        // them are still to come (with 20 batches in one store group, a fast machine finished the input between two polls).
        Inputs.WriteLogFile(_dir["a.json"], 30_000);
        Inputs.WriteLogFile(_dir["b.json"], 3_000, offset: 50_000);
        string[] command = ["normalize", "--out", Evidence, "--batch-size", "100", _dir["a.json"], _dir["b.json"]];

        using (var process = TrailnormProcess.Start(command))
        {
            // Kill once some batches of the first input are stored, and before the run can finish.
            string events = Path.Combine(Evidence, "events");
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (!process.HasExited && CountFiles(events, "*.manifest.json") < 3 && waited.Elapsed < TimeSpan.FromSeconds(60))
            {
                Thread.Sleep(5);
            }

            process.HasExited.Should().BeFalse("the run must still be going when it is killed");
            process.Kill();
            process.WaitForExit();
        }

        var before = CliRun.Of("verify", Evidence);
        before.ExitCode.Should().Be(1);
        before.Out.Should().MatchRegex(@"incomplete: run \d{8}T\d{6}Z-[0-9a-f]{8}: 2 inputs unfinished");

        var rerun = CliRun.Of(command);
        rerun.ExitCode.Should().Be(0, rerun.Error);
        rerun.Error.Should().Contain($"resumed {_dir["a.json"]}: ");

        Uids().Should().HaveCount(33_000).And.OnlyHaveUniqueItems();
        var after = CliRun.Of("verify", Evidence);
        after.Out.Should().NotContain("incomplete");
        after.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !line.Contains("batch object without a manifest, left by run", StringComparison.Ordinal)).Should().BeEmpty();
    }

    [Fact]
    public void A_resumed_run_counts_only_the_events_and_findings_it_writes_itself()
    {
        // crash trial: a run killed after storing its batches but before its completion record was resumed with every
        // line skipped, and the summary subtracted the findings the earlier run had stored from this run's events (-1 events).
        string input = Path.Combine(RepoPaths.Fixtures, "probes", "aws-stop-logging.json");
        CliRun.Of("normalize", "--out", Evidence, input).ExitCode.Should().Be(0);
        foreach (string completion in Directory.GetFiles(Path.Combine(Evidence, "inputs"), "*.json", SearchOption.AllDirectories))
        {
            File.Delete(completion); // as if the run had died before writing it
        }

        var rerun = CliRun.Of("normalize", "--out", Evidence, "--summary-json", _dir["s.json"], input);

        rerun.ExitCode.Should().Be(0, rerun.Error);
        rerun.Error.Should().Contain($"resumed {input}: 2 lines (events, findings, quarantine items) were stored by an interrupted run, 0 written now");
        using var summary = JsonDocument.Parse(File.ReadAllBytes(_dir["s.json"]));
        summary.RootElement.GetProperty("normalized").GetInt64().Should().Be(0);
        summary.RootElement.GetProperty("findings").GetInt64().Should().Be(0);
        summary.RootElement.GetProperty("records").GetInt64().Should().Be(0);
        Uids().Should().HaveCount(2).And.OnlyHaveUniqueItems("the event and its finding, each stored once");
    }

    [Fact]
    public void Verify_names_the_run_that_left_a_batch_object_without_a_manifest()
    {
        Inputs.WriteLogFile(_dir["a.json"], 3);
        CliRun.Of("normalize", "--out", Evidence, _dir["a.json"]).ExitCode.Should().Be(0);
        string runId = Path.GetFileNameWithoutExtension(Directory.EnumerateFiles(Path.Combine(Evidence, "runs")).Single());
        string batch = Directory.EnumerateFiles(Path.Combine(Evidence, "events"), "*.ndjson.gz", SearchOption.AllDirectories).First();
        // What a kill between a batch object and its manifest leaves: an object named by the run, with no manifest.
        string orphan = batch[..^".ndjson.gz".Length][..^8] + "00000000.ndjson.gz";
        File.Copy(batch, orphan);

        var verify = CliRun.Of("verify", Evidence);

        verify.ExitCode.Should().Be(1);
        verify.Out.Should().Contain($"extra: {Path.GetRelativePath(Evidence, orphan)}: batch object without a manifest, left by run {runId}");
    }

    private static int CountFiles(string folder, string pattern) =>
        Directory.Exists(folder) ? Directory.EnumerateFiles(folder, pattern, SearchOption.AllDirectories).Count() : 0;

    private List<string> Uids()
    {
        var uids = new List<string>();
        foreach (string batch in Directory.EnumerateFiles(Path.Combine(Evidence, "events"), "*.ndjson.gz", SearchOption.AllDirectories))
        {
            if (!File.Exists(batch.Replace(".ndjson.gz", ".manifest.json", StringComparison.Ordinal)))
            {
                continue; // an interrupted write's object: not evidence
            }

            using var reader = new StreamReader(new GZipStream(File.OpenRead(batch), CompressionMode.Decompress));
            while (reader.ReadLine() is { } line)
            {
                using var doc = JsonDocument.Parse(line);
                uids.Add(doc.RootElement.GetProperty("metadata").GetProperty("uid").GetString()!);
            }
        }

        return uids;
    }
}
