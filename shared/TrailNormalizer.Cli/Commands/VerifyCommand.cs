using System.CommandLine;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Evidence.Checkpoints;

namespace TrailNormalizer.Cli.Commands;

/// <summary><c>trailnorm verify DIR</c></summary>
public static class VerifyCommand
{
    public static Command Create(CliConsole console)
    {
        var dir = new Argument<string>("DIR") { Description = "Evidence folder written by 'trailnorm normalize'." };
        var pubkey = new Option<string?>("--pubkey", "-p")
        {
            Description = "Public key PEM of the sealer: checkpoint signatures are checked, and evidence that was never sealed is a finding.",
            HelpName = "PUB",
        };
        var trusted = TrustedCheckpointFiles.Option();
        var witness = new Option<string?>("--witness")
        {
            Description = "Folder holding witness copies of the checkpoints ('seal --witness'): a copy the evidence no longer has is rolled-back, a different one forked.",
            HelpName = "DIR",
        };
        var command = new Command("verify",
            "Recompute every batch's SHA-256, line count and Merkle root against its manifest, walk the checkpoint chain "
            + "(signatures, predecessors, consistency, roots), and report missing, altered, extra, unsealed or reordered items and bad signatures, one line each. Exit 0 only when intact.")
        {
            dir, pubkey, trusted, witness,
        };
        command.SetAction(result =>
        {
            var store = EvidenceFolder.Open(result.GetRequiredValue(dir));
            byte[]? spki = result.GetValue(pubkey) is { } path ? PublicKeyFile.Read(path) : null;
            var kept = TrustedCheckpointFiles.Read(result.GetValue(trusted) ?? []);
            if (kept.Count > 0 && spki is null)
            {
                throw new CliException("--trusted-checkpoint needs --pubkey", ExitCodes.Usage);
            }

            VerifyReport report;
            using (var reading = ReadProgressStore.ReadingAll(store, console, "verify"))
            {
                report = EvidenceVerifier.Verify(reading, spki, kept);
            }

            if (result.GetValue(witness) is { } witnessDir)
            {
                report = report with { Findings = [.. report.Findings, .. Witness.Compare(store, EvidenceFolder.Open(witnessDir), spki)] };
            }

            var links = store.FindSymbolicLinks().Select(link => new VerifyFinding("extra", link, "a symbolic link inside the evidence folder (not followed)")).ToList();
            if (links.Count > 0)
            {
                report = report with { Findings = [.. links, .. report.Findings] };
            }

            foreach (string leftover in TempFiles.Leftovers(store.Root))
            {
                report = report with { Warnings = [.. report.Warnings, $"leftover temporary file of an interrupted write (removed by the next normalize): {leftover}"] };
            }

            foreach (var finding in report.Findings.Concat(report.UidConflicts))
            {
                console.Out.WriteLine(finding.ToString());
            }

            foreach (string warning in report.Warnings)
            {
                console.Error.WriteLine($"verify: note: {warning}");
            }

            console.Error.WriteLine($"verify: duplicate deliveries: {report.DuplicateDeliveries} (same uid, same raw record; each event counts once)");
            if (report.UidConflicts.Count > 0)
            {
                console.Error.WriteLine($"verify: uid conflicts: {report.UidConflicts.Count} (same uid on different raw records: a source anomaly to review, not damage to the evidence)");
            }

            console.Error.WriteLine(report.Intact
                ? $"verify: intact: {report.Manifests} batches, {report.Events} events, {report.QuarantineItems} quarantined items, {report.Checkpoints} checkpoints"
                : $"verify: FAILED: {report.Findings.Count} findings in {report.Manifests} batches");
            return report.Intact ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }
}
