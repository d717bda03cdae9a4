using System.CommandLine;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Evidence.Checkpoints;

namespace TrailNormalizer.Cli.Commands;

/// <summary><c>trailnorm seal DIR --key KEY [--origin NAME]</c></summary>
public static class SealCommand
{
    public const string DefaultOrigin = "trailnorm.local/evidence";

    public static Command Create(CliConsole console)
    {
        var dir = new Argument<string>("DIR") { Description = "Evidence folder written by 'trailnorm normalize'." };
        var key = new Option<string>("--key", "-k") { Description = "Private key PEM from 'trailnorm keygen'.", Required = true, HelpName = "KEY" };
        var origin = new Option<string>("--origin")
        {
            Description = "The log's name in its checkpoints (a schema-less URL, no spaces). Keep it the same for the life of the log.",
            DefaultValueFactory = _ => DefaultOrigin,
            HelpName = "NAME",
        };
        var rotateFrom = new Option<string?>("--rotate-from")
        {
            Description = "Change the signing key deliberately: OLDKEY (the private key of the last checkpoint) signs a statement handing the log to --key, which then seals.",
            HelpName = "OLDKEY",
        };
        var witness = new Option<string?>("--witness")
        {
            Description = "Also copy every checkpoint into this folder (a second place, ideally other storage and other credentials); 'verify --witness' compares.",
            HelpName = "DIR",
        };
        var command = new Command("seal",
            "Append every batch written since the last seal to the log's Merkle tree, record batch objects an interrupted write left without a manifest, "
            + "and write a signed checkpoint (C2SP tlog-checkpoint, ECDSA P-256 signed note).")
        {
            dir, key, origin, rotateFrom, witness,
        };
        command.SetAction(result =>
        {
            var store = EvidenceFolder.Open(result.GetRequiredValue(dir));
            string keyPath = result.GetRequiredValue(key);
            using var signer = LoadSigner(keyPath);
            using var oldKey = result.GetValue(rotateFrom) is { } oldPath ? LoadSigner(oldPath) : null;
            SealResult sealResult;
            using var reading = ReadProgressStore.ReadingSome(store, console, "seal");
            try
            {
                var sealer = new Sealer(reading, signer, result.GetRequiredValue(origin), TimeProvider.System);
                sealResult = oldKey is null ? sealer.Seal() : sealer.RotateFrom(oldKey);
            }
            catch (EvidenceExistsException ex)
            {
                throw new CliException($"other seals ran at the same time, twice ({ex.Message}); run seal again");
            }
            catch (WrongSigningKeyException ex)
            {
                throw new CliException($"{keyPath}: {ex.Message}");
            }

            reading.Dispose();
            foreach (string stale in sealResult.Stale)
            {
                console.Error.WriteLine($"stale: {stale}: written before the last checkpoint and not in the log; not adopted");
            }

            foreach (var abandoned in sealResult.Abandoned)
            {
                console.Error.WriteLine($"abandoned: {abandoned.Key}: batch object without a manifest, recorded as not evidence; check it is an interrupted write");
            }

            console.Out.WriteLine(SealSummary.Text(sealResult));
            if (result.GetValue(witness) is { } witnessDir)
            {
                using var witnessStore = new LocalEvidenceStore(witnessDir);
                try
                {
                    int copied = Witness.Sync(store, witnessStore, TimeProvider.System);
                    console.Out.WriteLine($"witness: copied {copied} checkpoints to {witnessStore.Root}");
                }
                catch (InvalidOperationException ex)
                {
                    throw new CliException($"witness {witnessDir}: {ex.Message}");
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static LocalKeySigner LoadSigner(string path)
    {
        const string whatToPass = "pass the .key file 'trailnorm keygen' wrote";
        KeyPem.ReadText(path, "private key", whatToPass);
        try
        {
            return LocalKeySigner.FromPemFile(path);
        }
        catch (ArgumentException ex) when (ex.InnerException is not null)
        {
            throw new CliException($"{path} is not an ECDSA private key PEM; {whatToPass}");
        }
        catch (ArgumentException ex)
        {
            throw new CliException(ex.Message);
        }
    }
}
