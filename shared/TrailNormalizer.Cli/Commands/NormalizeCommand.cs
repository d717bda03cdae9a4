using System.CommandLine;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Evidence.Runs;
using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Mapping;
using TrailNormalizer.Core.Sources;
using TrailNormalizer.Core.Pipeline;
using TrailNormalizer.Core.Rules;
using TrailNormalizer.Core.Rules.Escalation;

namespace TrailNormalizer.Cli.Commands;

/// <summary><c>trailnorm normalize --out DIR [--summary-json FILE] [--findings FILE] [--escalation-level LEVEL] PATH...</c></summary>
public static class NormalizeCommand
{
    private const int MaxWorkers = 256;

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
        var mirrorOption = new Option<string?>("--s3-mirror")
        {
            Description = "Resolve S3 pointers (S3 event notifications, CloudTrail log-file notices) s3://BUCKET/KEY to DIR/BUCKET/KEY "
                + "and normalize the records of that object. Without it (or when the object is missing) pointers are quarantined as unresolved.",
            HelpName = "DIR",
        };
        var certsOption = new Option<string?>("--sns-certs")
        {
            Description = "Verify SNS envelope signatures with the PEM certificates in DIR (matched by the SigningCertURL file name); "
                + "forged, altered or unknown-certificate envelopes are quarantined. Without it envelopes are NOT verified: "
                + "their events are labelled sns:signature-unverified and a warning gives the count.",
            HelpName = "DIR",
        };
        var topicOption = new Option<string[]>("--sns-topic")
        {
            Description = "Accept SNS envelopes only from this TopicArn (repeatable); envelopes from other topics are quarantined.",
            HelpName = "ARN",
            AllowMultipleArgumentsPerToken = false,
        };
        var rulesOption = new Option<string[]>("--rules")
        {
            Description = "Also tag events with the Sigma rules in DIR (repeatable; files or folders of .yml). Rules that do not load are reported and skipped.",
            HelpName = "DIR",
            AllowMultipleArgumentsPerToken = false,
        };
        var noBuiltinOption = new Option<bool>("--no-builtin-rules")
        {
            Description = "Do not tag with the built-in rule set (incident categories and SOC 2 / ISO 27001 controls).",
        };
        var reingestOption = new Option<bool>("--reingest")
        {
            Description = "Store inputs again even when an earlier run stored them (recorded in the run journal). Without it, inputs already stored are skipped.",
        };
        var findingsOption = new Option<string?>("--findings")
        {
            Description = "Also write the detection findings (OCSF 2004, one per escalated rule match) to FILE as NDJSON.",
            HelpName = "FILE",
        };
        var escalationOption = new Option<string>("--escalation-level")
        {
            Description = "Rule level from which a match escalates to a detection finding stored with the events: informational, low, medium, high (default) or critical; none turns escalation off.",
            HelpName = "LEVEL",
            DefaultValueFactory = _ => EscalationOptions.DefaultLevel,
        };
        var workersOption = new Option<int>("--workers")
        {
            Description = "Threads that map and tag records (default: the number of processors); one more batches, compresses and stores them "
                + "in input order, so the evidence (events, batches, Merkle roots) is the same for any N. 1 does everything on one thread.",
            DefaultValueFactory = _ => Environment.ProcessorCount,
            HelpName = "N",
        };
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Input files or folders (searched recursively for .json, .json.gz, .ndjson, .jsonl). "
                + "The source (listed above) is detected per file and per record.",
            Arity = ArgumentArity.OneOrMore,
        };

        var command = new Command("normalize", "Normalize audit records into OCSF 1.8.0 evidence batches; unreadable records are quarantined with the reason. Sources: " + Sources.Summary)
        {
            outOption, summaryOption, maxRecordOption, batchOption, retentionOption, mirrorOption, certsOption, topicOption, rulesOption, noBuiltinOption, reingestOption, findingsOption, escalationOption, workersOption, paths,
        };
        command.SetAction(result => Run(
            console,
            result.GetRequiredValue(outOption),
            result.GetValue(summaryOption),
            result.GetRequiredValue(paths),
            result.GetValue(maxRecordOption),
            result.GetValue(batchOption),
            result.GetValue(retentionOption),
            new AwsFlags(result.GetValue(mirrorOption), result.GetValue(certsOption), result.GetValue(topicOption) ?? []),
            RuleSets.Load(console, !result.GetValue(noBuiltinOption), result.GetValue(rulesOption) ?? []),
            result.GetValue(reingestOption),
            new EscalationFlags(result.GetValue(escalationOption) ?? EscalationOptions.DefaultLevel, result.GetValue(findingsOption)),
            result.GetValue(workersOption)));
        return command;
    }

    private static int Run(CliConsole console, string outDir, string? summaryPath, string[] paths, int maxRecordBytes, int batchSize, int retentionDays, AwsFlags aws, SigmaRuleSet rules, bool reingest, EscalationFlags escalation, int workers)
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

        if (workers is < 1 or > MaxWorkers)
        {
            throw new CliException($"--workers must be from 1 to {MaxWorkers}", ExitCodes.Usage);
        }

        List<string> files;
        try
        {
            files = InputFiles.Expand(paths, (folder, why) => console.Error.WriteLine($"trailnorm: note: skipped {folder}: {why}")).ToList();
        }
        catch (FileNotFoundException ex)
        {
            throw new CliException(ex.Message);
        }

        var limits = InputLimits.Default with { MaxUnitBytes = maxRecordBytes };
        using var certificates = aws.SnsCerts is null ? null : new PemFolderCertificateSource(RequireFolder(aws.SnsCerts, "--sns-certs"));
        var handlerOptions = new RecordHandlerOptions
        {
            ObjectSource = aws.S3Mirror is null ? null : new MirrorObjectSource(RequireFolder(aws.S3Mirror, "--s3-mirror")),
            ObjectLimits = limits,
            SnsCertificates = certificates,
            SnsAllowedTopics = aws.SnsTopics.Length > 0 ? aws.SnsTopics.ToHashSet(StringComparer.Ordinal) : null,
        };
        bool escalate = !string.Equals(escalation.Level, "none", StringComparison.OrdinalIgnoreCase);
        if (!EscalationOptions.TryForLevel(escalation.Level, out var escalationOptions) && escalate)
        {
            throw new CliException($"--escalation-level: unknown level '{escalation.Level}' (informational, low, medium, high, critical or none)", ExitCodes.Usage);
        }

        if (!escalate && escalation.FindingsFile is not null)
        {
            throw new CliException("--findings needs escalation (--escalation-level is none)", ExitCodes.Usage);
        }

        using var store = OpenOutput(console, outDir);
        using var findingsOut = escalation.FindingsFile is null ? null : new FileStream(escalation.FindingsFile, FileMode.Create, FileAccess.Write);
        if (findingsOut is not null)
        {
            escalationOptions = new EscalationOptions { MinimumSeverityId = escalationOptions.MinimumSeverityId, OnFinding = f => WriteLine(findingsOut, f.Json) };
        }

        using var journal = new LocalRunJournal(store, TimeProvider.System, reingest, retention, note => console.Error.WriteLine($"trailnorm: {note}"));
        journal.Start(files);
        var writerOptions = new EvidenceWriterOptions { MaxEventsPerBatch = batchSize, Retention = retention, RunTag = journal.RunTag };
        var pipeline = new NormalizationPipeline(store, TimeProvider.System, limits, writerOptions, handlerOptions, rules, escalate ? escalationOptions : null, workers);
        using var progress = new ProgressLine(console);
        var summary = pipeline.Run(files, progress, journal) with { EvidenceDirectory = store.Root };
        progress.Done();

        if (summaryPath is not null)
        {
            File.WriteAllBytes(summaryPath, summary.ToJson());
        }

        console.Out.WriteLine(
            $"normalized {summary.Normalized} of {summary.Records} records from {summary.Inputs} files; quarantined {summary.Quarantined}; control {summary.Control}; {summary.Batches} batches in {store.Root}");
        if (journal.InputsSkipped > 0 || journal.RecordsStoredEarlier > 0)
        {
            console.Out.WriteLine($"  run {journal.RunId}: {journal.InputsSkipped} inputs already stored (nothing written for them), {journal.RecordsStoredEarlier} lines of interrupted inputs stored earlier");
        }

        if (summary.Findings > 0 || findingsOut is not null)
        {
            console.Out.WriteLine($"detection findings: {summary.Findings}{(escalation.FindingsFile is null ? "" : " written to " + escalation.FindingsFile)}");
        }

        foreach (var (uid, count) in summary.Classes.OrderBy(c => c.Key))
        {
            console.Out.WriteLine($"  {uid,5} {IngestSummary.ClassName(uid),-22} {count,10}");
        }

        if (handlerOptions.SnsTally.Unverified > 0)
        {
            console.Error.WriteLine(
                $"trailnorm: warning: {handlerOptions.SnsTally.Unverified} SNS envelopes were NOT signature-verified (no --sns-certs); their events carry the label sns:signature-unverified");
        }

        return ExitCodes.Ok;
    }

    /// <summary>The output folder, refused when a symbolic link inside it could send evidence elsewhere; leftovers of dead writers are cleaned.</summary>
    private static LocalEvidenceStore OpenOutput(CliConsole console, string outDir)
    {
        if (File.Exists(outDir))
        {
            throw new CliException($"--out {outDir} is a file; give a folder for the evidence (created if missing)", ExitCodes.Usage);
        }

        if (Path.GetDirectoryName(Path.GetFullPath(outDir)) is { } parent && File.Exists(parent))
        {
            throw new CliException($"--out {outDir}: {parent} is a file, not a folder; give a folder for the evidence", ExitCodes.Usage);
        }

        var store = new LocalEvidenceStore(outDir);
        var links = store.FindSymbolicLinks();
        if (links.Count > 0)
        {
            store.Dispose();
            throw new CliException($"--out {outDir} contains a symbolic link ({links[0]}{(links.Count > 1 ? $" and {links.Count - 1} more" : "")}); refusing to write evidence through it");
        }

        int cleaned = TempFiles.CleanLeftovers(store.Root);
        if (cleaned > 0)
        {
            console.Error.WriteLine($"trailnorm: note: removed {cleaned} leftover temporary files of an interrupted earlier run");
        }

        return store;
    }

    private static void WriteLine(Stream stream, byte[] json)
    {
        stream.Write(json);
        stream.WriteByte((byte)'\n');
    }

    private static string RequireFolder(string path, string option) =>
        Directory.Exists(path) ? path : throw new CliException($"{option}: folder not found: {path}", ExitCodes.Usage);

    /// <summary>The AWS envelope flags: S3 mirror folder, SNS certificate folder, allowed SNS topics.</summary>
    private sealed record AwsFlags(string? S3Mirror, string? SnsCerts, string[] SnsTopics);

    /// <summary>The escalation flags: the level that escalates (or none) and where to write findings as NDJSON.</summary>
    private sealed record EscalationFlags(string Level, string? FindingsFile);
}
