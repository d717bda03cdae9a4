using System.CommandLine;
using TrailNormalizer.Core.Evidence;

namespace TrailNormalizer.Cli.Commands;

/// <summary><c>trailnorm cat DIR [--quarantine]</c></summary>
public static class CatCommand
{
    public static Command Create(CliConsole console)
    {
        var dir = new Argument<string>("DIR") { Description = "Evidence folder written by 'trailnorm normalize'." };
        var quarantine = new Option<bool>("--quarantine", "-q")
        {
            Description = "Print quarantined items ({\"reason\",\"source\",\"raw\"} per line) instead of events.",
        };
        var command = new Command("cat", "Print every normalized event in an evidence folder as NDJSON on stdout.") { dir, quarantine };
        command.SetAction(result =>
        {
            var store = EvidenceFolder.Open(result.GetRequiredValue(dir));
            string prefix = result.GetValue(quarantine) ? EvidenceKeys.QuarantinePrefix : EvidenceKeys.EventsPrefix;
            EvidenceReader.CopyLines(store, prefix, console.StandardOutput);
            return ExitCodes.Ok;
        });
        return command;
    }
}
