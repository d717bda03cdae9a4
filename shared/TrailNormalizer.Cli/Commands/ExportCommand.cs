using System.CommandLine;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using TrailNormalizer.Cli.Export;

namespace TrailNormalizer.Cli.Commands;

/// <summary><c>trailnorm export DIR --format parquet --out OUT [--layout plain|security-lake --source-name NAME]</c></summary>
public static partial class ExportCommand
{
    public static Command Create(CliConsole console)
    {
        var dir = new Argument<string>("DIR") { Description = "Evidence folder." };
        var format = new Option<string>("--format", "-f") { Description = "Output format.", DefaultValueFactory = _ => "parquet", HelpName = "parquet" };
        format.AcceptOnlyFromAmong("parquet");
        var output = new Option<string>("--out", "-o") { Description = "A new (or empty) folder for the files; not inside the evidence folder.", Required = true, HelpName = "OUT" };
        var layout = new Option<string>("--layout")
        {
            Description = "plain: CLASS/region=/accountId=/eventDay=YYYYMMDD/; security-lake: ext/SOURCE-CLASS/region=/accountId=/eventDay=YYYYMMDD/ (Security Lake takes one OCSF class per custom source).",
            DefaultValueFactory = _ => "plain",
            HelpName = "plain|security-lake",
        };
        layout.AcceptOnlyFromAmong("plain", "security-lake");
        var sourceName = new Option<string?>("--source-name")
        {
            Description = "The Security Lake custom source name prefix (letters, digits, '-', '_'); each class goes to SOURCE-CLASS.",
            HelpName = "NAME",
        };
        var command = new Command("export",
            "Write the events as Parquet, one set of files per OCSF class, typed by the OCSF 1.8.0 schema and sorted by time (the evidence is only read).")
        {
            dir, format, output, layout, sourceName,
        };
        command.SetAction(result =>
        {
            string evidence = Path.GetFullPath(result.GetRequiredValue(dir));
            EvidenceFolder.Open(evidence);
            string outDir = Path.GetFullPath(result.GetRequiredValue(output));
            string? source = SourceName(result.GetValue(layout)!, result.GetValue(sourceName));
            PrepareOutput(evidence, outDir);
            try
            {
                foreach (var exported in ParquetExporter.Export(evidence, outDir, source))
                {
                    console.Out.WriteLine($"{exported.ClassUid,5} {exported.Rows,10} events  {Path.GetRelativePath(outDir, exported.Folder)}/");
                }
            }
            catch (DuckDBException ex)
            {
                throw new CliException("export: " + ex.Message.Split('\n')[0]);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static string? SourceName(string layout, string? name)
    {
        if (layout != "security-lake")
        {
            return name is null ? null : throw new CliException("export: --source-name is for --layout security-lake", ExitCodes.Usage);
        }

        return name is not null && SafeSourceName().IsMatch(name)
            ? name
            : throw new CliException("export: --layout security-lake needs --source-name NAME (1-40 letters, digits, '-' or '_')", ExitCodes.Usage);
    }

    private static void PrepareOutput(string evidence, string outDir)
    {
        if (outDir == evidence || outDir.StartsWith(evidence + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new CliException("export: --out must not be inside the evidence folder", ExitCodes.Usage);
        }

        if (Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any())
        {
            throw new CliException($"export: {outDir} is not empty", ExitCodes.Usage);
        }

        Directory.CreateDirectory(outDir);
    }

    // Security Lake allows 64 characters for a source name; 40 leaves room for "-event-log-activity".
    [GeneratedRegex("^[A-Za-z0-9_-]{1,40}$")]
    private static partial Regex SafeSourceName();
}
