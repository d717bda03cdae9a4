using System.CommandLine;
using TrailNormalizer.Core.Evidence;

namespace TrailNormalizer.Cli.Commands;

/// <summary><c>trailnorm verify DIR</c></summary>
public static class VerifyCommand
{
    public static Command Create(CliConsole console)
    {
        var dir = new Argument<string>("DIR") { Description = "Evidence folder written by 'trailnorm normalize'." };
        var command = new Command("verify",
            "Recompute every batch's SHA-256, line count and Merkle root against its manifest and report missing, altered and extra files, one line each. Exit 0 only when intact.")
        {
            dir,
        };
        command.SetAction(result =>
        {
            var store = EvidenceFolder.Open(result.GetRequiredValue(dir));
            var report = EvidenceVerifier.Verify(store);
            foreach (var finding in report.Findings)
            {
                console.Out.WriteLine(finding.ToString());
            }

            console.Error.WriteLine(report.Intact
                ? $"verify: intact: {report.Manifests} batches, {report.Events} events, {report.QuarantineItems} quarantined items"
                : $"verify: FAILED: {report.Findings.Count} findings in {report.Manifests} batches");
            return report.Intact ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }
}
