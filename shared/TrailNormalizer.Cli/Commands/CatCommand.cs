using System.CommandLine;
using TrailNormalizer.Core.Evidence;

namespace TrailNormalizer.Cli.Commands;

/// <summary><c>trailnorm cat DIR [--quarantine | --findings]</c></summary>
public static class CatCommand
{
    public static Command Create(CliConsole console)
    {
        var dir = new Argument<string>("DIR") { Description = "Evidence folder written by 'trailnorm normalize'." };
        var quarantine = new Option<bool>("--quarantine", "-q")
        {
            Description = "Print quarantined items ({\"reason\",\"source\",\"raw\"} per line) instead of events.",
        };
        var findings = new Option<bool>("--findings")
        {
            Description = "Print the detection findings (OCSF 2004) that escalation derived from matched rules instead of the normalized events.",
        };
        var command = new Command("cat", "Print every normalized event in an evidence folder as NDJSON on stdout (one per source record; escalated findings with --findings).")
        {
            dir, quarantine, findings,
        };
        command.SetAction(result =>
        {
            var store = EvidenceFolder.Open(result.GetRequiredValue(dir));
            if (result.GetValue(quarantine))
            {
                EvidenceReader.CopyLines(store, EvidenceKeys.QuarantinePrefix, console.StandardOutput);
            }
            else
            {
                bool wantFindings = result.GetValue(findings);
                EvidenceReader.CopyLines(store, EvidenceKeys.EventsPrefix, console.StandardOutput, line => EscalatedFindings.IsEscalation(line) == wantFindings);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
