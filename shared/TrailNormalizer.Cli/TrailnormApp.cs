using System.CommandLine;
using TrailNormalizer.Cli.Commands;

namespace TrailNormalizer.Cli;

/// <summary>The <c>trailnorm</c> command tree.</summary>
public static class TrailnormApp
{
    public static int Run(string[] args, CliConsole console)
    {
        var root = new RootCommand(
            "trailnorm — normalizes cloud audit events into OCSF 1.8.0 and keeps them as verifiable evidence (batches with Merkle roots, signed checkpoints). "
            + "Sources: " + Sources.Summary)
        {
            NormalizeCommand.Create(console),
            CatCommand.Create(console),
            VerifyCommand.Create(console),
            KeygenCommand.Create(console),
            SealCommand.Create(console),
            CheckpointCommand.Create(console),
            SampleCommand.Create(console),
            ProveCommand.Create(console),
            VerifyProofCommand.Create(console),
            ReportCommand.Create(console),
            AuditCommand.Create(console),
            VerifyPackCommand.Create(console),
            RulesCommand.Create(console),
            DoctorCommand.Create(console),
            CoverageCommand.Create(console),
        };
        foreach (var command in SqlCommands.Create(console))
        {
            root.Add(command);
        }

        var parsed = root.Parse(args);
        var usageErrors = UsageErrors.Describe(parsed);
        if (usageErrors.Count > 0)
        {
            foreach (string error in usageErrors)
            {
                console.Error.WriteLine($"trailnorm: error: {error}");
            }

            console.Error.WriteLine($"Run '{HelpCommandLine(parsed.CommandResult.Command)} --help' for usage.");
            return ExitCodes.Usage;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = console.Out, Error = console.Error, EnableDefaultExceptionHandler = false });
        }
        catch (CliException ex)
        {
            console.Error.WriteLine($"trailnorm: error: {ex.Message}");
            return ex.ExitCode;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"trailnorm: error: {ex.Message}");
            return ExitCodes.Failure;
        }
    }

    private static string HelpCommandLine(Command command)
    {
        var names = new List<string>();
        for (Command? c = command; c is not null && c is not RootCommand; c = c.Parents.OfType<Command>().FirstOrDefault())
        {
            names.Insert(0, c.Name);
        }

        return string.Join(' ', names.Prepend("trailnorm"));
    }
}
