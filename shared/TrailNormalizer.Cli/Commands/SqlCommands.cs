using System.CommandLine;

namespace TrailNormalizer.Cli.Commands;

/// <summary>The commands that run on DuckDB: <c>query</c> and <c>export</c>.</summary>
internal static class SqlCommands
{
    public static IEnumerable<Command> Create(CliConsole console) => [QueryCommand.Create(console), ExportCommand.Create(console)];
}
