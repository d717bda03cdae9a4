using System.CommandLine;

namespace TrailNormalizer.Cli.Commands;

/// <summary>
/// <c>query</c> and <c>export</c> in the Native AOT binary, which leaves DuckDB out (it is neither trim- nor
/// AOT-safe and needs a native library beside the program): each names the .NET tool that has them.
/// </summary>
internal static class SqlCommands
{
    public const string Missing =
        "needs DuckDB, which the native trailnorm binary leaves out; install the .NET tool for it "
        + "(dotnet tool install --global trailnorm, README \"Get the CLI\"); every other command works here";

    public static IEnumerable<Command> Create(CliConsole console) =>
        [Unavailable("query", "Query the evidence with SQL (not in this native binary: use the .NET tool)."),
         Unavailable("export", "Write the events as Parquet (not in this native binary: use the .NET tool).")];

    private static Command Unavailable(string name, string description)
    {
        var rest = new Argument<string[]>("ARGS") { Arity = ArgumentArity.ZeroOrMore };
        var command = new Command(name, description) { rest };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((Func<ParseResult, int>)(_ => throw new CliException($"{name} {Missing}")));
        return command;
    }
}
