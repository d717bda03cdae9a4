using System.Security.Cryptography;
using TrailNormalizer.Cli;

namespace TrailNormalizer.TestSupport;

/// <summary>
/// Runs <c>trailnorm verify FOLDER --pubkey KEY</c> in-process, exactly as an auditor runs it on evidence downloaded
/// from a bucket or container, with the signer's public key written to a PEM file the way <c>keygen</c> writes one.
/// </summary>
public static class TrailnormVerify
{
    public static (int ExitCode, string Output) Run(string folder, byte[] publicKeySpki)
    {
        string pem = Path.Combine(Path.GetTempPath(), $"trailnorm-verify-{Guid.NewGuid():N}.pub");
        File.WriteAllText(pem, PemEncoding.WriteString("PUBLIC KEY", publicKeySpki));
        try
        {
            var output = new StringWriter();
            var error = new StringWriter();
            int exitCode = TrailnormApp.Run(["verify", folder, "--pubkey", pem], new CliConsole(output, error, Stream.Null, Interactive: false));
            return (exitCode, output.ToString() + error);
        }
        finally
        {
            File.Delete(pem);
        }
    }
}
