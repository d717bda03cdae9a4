using System.CommandLine;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Pipeline;

namespace TrailNormalizer.Cli.Commands;

/// <summary><c>trailnorm normalize --out DIR [--summary-json FILE] PATH...</c></summary>
public static class NormalizeCommand
{
    public static Command Create(CliConsole console)
    {
        var outOption = new Option<string>("--out", "-o")
        {
            Description = "Evidence folder to write batches and quarantine into (created if missing).",
            Required = true,
            HelpName = "DIR",
        };
        var summaryOption = new Option<string?>("--summary-json")
        {
            Description = "Also write the run summary as JSON to FILE: records, normalized, quarantined, control, classes.",
            HelpName = "FILE",
        };
        var maxRecordOption = new Option<int>("--max-record-bytes")
        {
            Description = "Largest single record or line accepted; larger ones are quarantined.",
            DefaultValueFactory = _ => InputLimits.Default.MaxUnitBytes,
            HelpName = "BYTES",
        };
        var batchOption = new Option<int>("--batch-size")
        {
            Description = "Most events per evidence batch.",
            DefaultValueFactory = _ => new EvidenceWriterOptions().MaxEventsPerBatch,
            HelpName = "N",
        };
        var retentionOption = new Option<int>("--retention-days")
        {
            Description = $"How long batches must stay immutable (recorded in each manifest; WORM stores enforce it). At least {RetentionPolicy.MinimumDays}.",
            DefaultValueFactory = _ => RetentionPolicy.DefaultDays,
            HelpName = "DAYS",
        };
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Input files or folders (searched recursively for .json, .json.gz, .ndjson, .jsonl). "
                + "CloudTrail log files, single records, arrays, NDJSON and EventBridge CloudTrail events are detected per file and per record.",
            Arity = ArgumentArity.OneOrMore,
        };

        var command = new Command("normalize", "Normalize audit records into OCSF 1.8.0 evidence batches; unreadable records are quarantined with the reason.")
        {
            outOption, summaryOption, maxRecordOption, batchOption, retentionOption, paths,
        };
        command.SetAction(result => Run(
            console,
            result.GetRequiredValue(outOption),
            result.GetValue(summaryOption),
            result.GetRequiredValue(paths),
            result.GetValue(maxRecordOption),
            result.GetValue(batchOption),
            result.GetValue(retentionOption)));
        return command;
    }

    private static int Run(CliConsole console, string outDir, string? summaryPath, string[] paths, int maxRecordBytes, int batchSize, int retentionDays)
    {
        RetentionPolicy retention;
        try
        {
            retention = new RetentionPolicy(retentionDays);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new CliException(ex.Message.Split(" (Parameter", 2)[0], ExitCodes.Usage);
        }

        if (maxRecordBytes < 1024 || batchSize < 1)
        {
            throw new CliException("--max-record-bytes must be at least 1024 and --batch-size at least 1", ExitCodes.Usage);
        }

        List<string> files;
        try
        {
            files = InputFiles.Expand(paths).ToList();
        }
        catch (FileNotFoundException ex)
        {
            throw new CliException(ex.Message);
        }

        var store = new LocalEvidenceStore(outDir);
        var limits = InputLimits.Default with { MaxUnitBytes = maxRecordBytes };
        var pipeline = new NormalizationPipeline(store, TimeProvider.System, limits, new EvidenceWriterOptions { MaxEventsPerBatch = batchSize, Retention = retention });
        using var progress = new ProgressLine(console);
        var summary = pipeline.Run(files, progress) with { EvidenceDirectory = store.Root };
        progress.Done();

        if (summaryPath is not null)
        {
            File.WriteAllBytes(summaryPath, summary.ToJson());
        }

        console.Out.WriteLine(
            $"normalized {summary.Normalized} of {summary.Records} records from {summary.Files} files; quarantined {summary.Quarantined}; control {summary.Control}; {summary.Batches} batches in {store.Root}");
        foreach (var (uid, count) in summary.Classes.OrderBy(c => c.Key))
        {
            console.Out.WriteLine($"  {uid,5} {NormalizationSummary.ClassName(uid),-22} {count,10}");
        }

        return ExitCodes.Ok;
    }
}
