using System.CommandLine;
using DuckDB.NET.Data;
using TrailNormalizer.Cli.Query;

namespace TrailNormalizer.Cli.Commands;

/// <summary><c>trailnorm query DIR "SQL" | DIR --saved NAME [--param k=v]... | --list</c></summary>
public static class QueryCommand
{
    public static Command Create(CliConsole console)
    {
        var dir = new Argument<string?>("DIR") { Description = "Evidence folder.", Arity = ArgumentArity.ZeroOrOne };
        var sql = new Argument<string?>("SQL")
        {
            Description = "A DuckDB SQL query over the views events, one per class (authentication, api_activity, account_change, event_log_activity, compliance_finding, detection_finding, base_event), findings and quarantine.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var saved = new Option<string?>("--saved") { Description = "Run a saved query from schemas/queries (see --list) instead of SQL.", HelpName = "NAME" };
        var parameters = new Option<string[]>("--param", "-p")
        {
            Description = "A saved query's parameter (repeatable), e.g. --param control=soc2:CC7.2 --param from=2026-03-01.",
            HelpName = "KEY=VALUE",
        };
        var list = new Option<bool>("--list") { Description = "List the saved queries with their parameters." };
        var format = new Option<string>("--format", "-f")
        {
            Description = "Output: an aligned table (cells cut at 80 characters), csv, json (an array) or ndjson.",
            DefaultValueFactory = _ => "table",
            HelpName = "table|csv|json|ndjson",
        };
        format.AcceptOnlyFromAmong(ResultWriter.Formats);
        var command = new Command("query",
            "Query the evidence with SQL (DuckDB, in memory; the evidence is only read). Views: events (typed OCSF columns, partitions, batch, the whole event as JSON), one per class, findings, quarantine.")
        {
            dir, sql, saved, parameters, list, format,
        };
        command.SetAction(result =>
        {
            if (result.GetValue(list))
            {
                console.Out.Write(SavedQueryCatalog.Describe());
                return ExitCodes.Ok;
            }

            string folder = result.GetValue(dir) ?? throw new CliException("query: DIR is required (or --list)", ExitCodes.Usage);
            var (text, values) = Resolve(result.GetValue(sql), result.GetValue(saved), result.GetValue(parameters) ?? []);
            EvidenceFolder.Open(folder);
            Run(folder, text, values, result.GetValue(format)!, console.Out);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static (string Sql, IReadOnlyDictionary<string, object?> Parameters) Resolve(string? sql, string? savedName, string[] parameters)
    {
        if (savedName is null)
        {
            if (string.IsNullOrWhiteSpace(sql))
            {
                throw new CliException("query: give SQL or --saved NAME", ExitCodes.Usage);
            }

            if (parameters.Length > 0)
            {
                throw new CliException("query: --param is only for --saved queries", ExitCodes.Usage);
            }

            return (sql, new Dictionary<string, object?>());
        }

        if (sql is not null)
        {
            throw new CliException("query: give either SQL or --saved NAME, not both", ExitCodes.Usage);
        }

        var query = SavedQueryCatalog.Find(savedName)
            ?? throw new CliException($"query: no saved query '{savedName}' (trailnorm query --list)", ExitCodes.Usage);
        return (query.Sql, query.Bind(parameters));
    }

    private static void Run(string folder, string sql, IReadOnlyDictionary<string, object?> parameters, string format, TextWriter output)
    {
        try
        {
            using var database = EvidenceDatabase.Open(folder);
            if (database.WhyNotReadOnly(sql) is { } problem)
            {
                throw new CliException("query: " + problem);
            }

            var jsonColumns = format is "json" or "ndjson" ? database.JsonColumns(sql, parameters) : new HashSet<string>();
            using var command = database.Command(sql, parameters);
            using var reader = command.ExecuteReader();
            ResultWriter.Write(reader, format, output, jsonColumns);
            output.Flush();
        }
        catch (DuckDBException ex)
        {
            throw new CliException("query: " + FirstLine(ex.Message));
        }
    }

    private static string FirstLine(string message)
    {
        int end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
