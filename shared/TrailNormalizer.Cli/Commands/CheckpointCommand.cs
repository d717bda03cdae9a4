using System.CommandLine;
using TrailNormalizer.Core.Evidence.Checkpoints;

namespace TrailNormalizer.Cli.Commands;

/// <summary><c>trailnorm checkpoint DIR</c>: prints the latest signed checkpoint, for the auditor to keep.</summary>
public static class CheckpointCommand
{
    public static Command Create(CliConsole console)
    {
        var dir = new Argument<string>("DIR") { Description = "Evidence folder." };
        var command = new Command("checkpoint",
            "Print the latest signed checkpoint (C2SP signed note). Keep it from each audit and pass it to the next one with 'verify --trusted-checkpoint': "
            + "a log that was rolled back or rewritten since then no longer extends it.")
        {
            dir,
        };
        command.SetAction(result =>
        {
            var store = EvidenceFolder.Open(result.GetRequiredValue(dir));
            var log = EvidenceLog.Read(store);
            string note = log.Checkpoints.LastOrDefault(c => c is not null) ?? throw new CliException("no checkpoint: run 'trailnorm seal' first");
            console.Out.Write(note);
            return ExitCodes.Ok;
        });
        return command;
    }
}
