using System.CommandLine;
using TrailNormalizer.Core.Coverage;
using TrailNormalizer.Core.Input;

namespace TrailNormalizer.Cli.Commands;

/// <summary><c>trailnorm coverage PATH...</c>: how many of the security facts the raw records hold end in typed OCSF fields.</summary>
public static class CoverageCommand
{
    public static Command Create(CliConsole console)
    {
        var paths = new Argument<string[]>("PATH") { Description = "Input files or folders of raw records (as for normalize).", Arity = ArgumentArity.OneOrMore };
        var events = new Option<bool>("--events") { Description = "The inputs are already normalized OCSF events (NDJSON, e.g. `trailnorm cat` output), not raw records." };
        var command = new Command("coverage",
            "Normalize in memory (nothing is stored) and report, per source and class, the share of the facts the raw records hold "
            + "(actor user, source IP, operation, outcome, target resource, MFA, user agent, location) that the events carry in typed OCSF fields.")
        {
            paths, events,
        };
        command.SetAction(result =>
        {
            List<string> files;
            try
            {
                files = InputFiles.Expand(result.GetRequiredValue(paths)).ToList();
            }
            catch (FileNotFoundException ex)
            {
                throw new CliException(ex.Message);
            }

            var coverage = result.GetValue(events) ? FactCoverage.MeasureEvents(files) : FactCoverage.Measure(files);
            console.Out.Write(coverage.Render());
            return ExitCodes.Ok;
        });
        return command;
    }
}
