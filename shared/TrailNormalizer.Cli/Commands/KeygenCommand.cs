using System.CommandLine;
using TrailNormalizer.Core.Evidence.Checkpoints;

namespace TrailNormalizer.Cli.Commands;

/// <summary><c>trailnorm keygen --out PREFIX</c></summary>
public static class KeygenCommand
{
    public static Command Create(CliConsole console)
    {
        var output = new Option<string>("--out", "-o")
        {
            Description = "Writes PREFIX.key (private, mode 0600) and PREFIX.pub (public, for auditors). Existing files are never overwritten.",
            Required = true,
            HelpName = "PREFIX",
        };
        var command = new Command("keygen", "Create an ECDSA P-256 key pair for signing checkpoints, and print the public key.") { output };
        command.SetAction(result =>
        {
            string prefix = result.GetRequiredValue(output);
            string keyPath = prefix + ".key", pubPath = prefix + ".pub";
            string folder = Path.GetDirectoryName(Path.GetFullPath(keyPath))!;
            if (!Directory.Exists(folder))
            {
                throw new CliException($"--out {prefix}: folder {folder} does not exist; create it first or pick another PREFIX");
            }

            if (Directory.Exists(keyPath) || Directory.Exists(pubPath))
            {
                throw new CliException($"--out {prefix}: {keyPath} or {pubPath} is a folder; pick another PREFIX");
            }

            if (File.Exists(keyPath) || File.Exists(pubPath))
            {
                throw new CliException($"{keyPath} or {pubPath} already exists; refusing to overwrite a key");
            }

            var (privatePem, publicPem) = LocalKeySigner.Generate();
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var file = new FileStream(keyPath, options))
            using (var writer = new StreamWriter(file))
            {
                writer.Write(privatePem);
            }

            File.WriteAllText(pubPath, publicPem + "\n");
            byte[] spki = PublicKeyFile.Read(pubPath);
            console.Out.WriteLine($"private key: {keyPath} (keep it secret)");
            console.Out.WriteLine($"public key:  {pubPath}");
            console.Out.WriteLine($"key id {SignedNote.KeyId(spki):x8}, SHA-256 fingerprint {SignedNote.Fingerprint(spki)}");
            console.Out.Write(publicPem + "\n");
            return ExitCodes.Ok;
        });
        return command;
    }
}
