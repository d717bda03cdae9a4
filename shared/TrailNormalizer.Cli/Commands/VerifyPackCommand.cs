using System.CommandLine;
using TrailNormalizer.Core.Evidence.Audit;

namespace TrailNormalizer.Cli.Commands;

/// <summary><c>trailnorm verify-pack PACK --pubkey PUB</c></summary>
public static class VerifyPackCommand
{
    public static Command Create(CliConsole console)
    {
        var pack = new Argument<string>("PACK") { Description = "Audit pack written by 'trailnorm audit'." };
        var pubkey = new Option<string>("--pubkey", "-p") { Description = "The sealer's public key PEM.", Required = true, HelpName = "PUB" };
        var command = new Command("verify-pack",
            "Re-verify an audit pack with only the pack and the public key: file hashes against manifest.sha256, the checkpoint signature, every proof, "
            + "the sample against the proofs and the audited controls and period. One line per check ('ok:' or 'FAILED:' with the file); exit 0 only when all hold.")
        {
            pack, pubkey,
        };
        command.SetAction(result =>
        {
            string dir = result.GetRequiredValue(pack);
            if (!Directory.Exists(dir))
            {
                throw new CliException($"audit pack not found: {dir}");
            }

            var verification = AuditPackVerifier.Verify(dir, PublicKeyFile.Read(result.GetRequiredValue(pubkey)));
            foreach (var check in verification.Checks)
            {
                console.Out.WriteLine($"{(check.Passed ? "ok" : "FAILED")}: {check.Name}: {check.Detail}");
            }

            int failed = verification.Checks.Count(c => !c.Passed);
            console.Error.WriteLine(verification.Passed
                ? $"verify-pack: intact: {verification.Checks.Count} checks passed (manifest SHA-256 {verification.ManifestSha256})"
                : $"verify-pack: FAILED: {failed} of {verification.Checks.Count} checks failed");
            return verification.Passed ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }
}
