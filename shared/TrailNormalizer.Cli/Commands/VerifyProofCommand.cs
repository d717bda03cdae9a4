using System.CommandLine;
using TrailNormalizer.Core.Evidence.Proofs;

namespace TrailNormalizer.Cli.Commands;

/// <summary><c>trailnorm verify-proof PROOF... --pubkey PUB</c></summary>
public static class VerifyProofCommand
{
    public static Command Create(CliConsole console)
    {
        var proofs = new Argument<string[]>("PROOF") { Description = "Proof files written by 'trailnorm prove'.", Arity = ArgumentArity.OneOrMore };
        var pubkey = new Option<string>("--pubkey", "-p") { Description = "The sealer's public key PEM.", Required = true, HelpName = "PUB" };
        var trusted = TrustedCheckpointFiles.Option();
        var command = new Command("verify-proof",
            "Check proofs offline, with only the proof file and the public key: prints 'ok' or what failed per proof; exit 0 only when all hold.")
        {
            proofs, pubkey, trusted,
        };
        command.SetAction(result =>
        {
            byte[] spki = PublicKeyFile.Read(result.GetRequiredValue(pubkey));
            var kept = TrustedCheckpointFiles.Read(result.GetValue(trusted) ?? []);
            int failed = 0;
            foreach (string path in result.GetRequiredValue(proofs))
            {
                string? problem;
                try
                {
                    var proof = EventProof.Parse(File.ReadAllBytes(path));
                    problem = ProofVerifier.Verify(proof, spki) ?? kept.Select(k => ProofVerifier.CheckTrusted(proof, spki, k)).FirstOrDefault(p => p is not null);
                }
                catch (FormatException ex)
                {
                    problem = ex.Message;
                }
                catch (FileNotFoundException)
                {
                    problem = "file not found";
                }

                console.Out.WriteLine(problem is null ? $"ok: {path}" : $"FAILED: {path}: {problem}");
                failed += problem is null ? 0 : 1;
            }

            return failed == 0 ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }
}
