using System.CommandLine;
using TrailNormalizer.Cli.Commands;

namespace TrailNormalizer.Cli;

/// <summary>The <c>trailnorm</c> command tree.</summary>
public static class TrailnormApp
{
    public static int Run(string[] args, CliConsole console)
    {
        var root = new RootCommand(
            "trailnorm — normalizes cloud audit events (AWS CloudTrail, EventBridge) into OCSF 1.8.0 and keeps them as verifiable evidence.")
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
            QueryCommand.Create(console),
            ExportCommand.Create(console),
        };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                console.Error.WriteLine($"trailnorm: error: {error.Message}");
            }

            console.Error.WriteLine("Run 'trailnorm --help' for usage.");
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
}
