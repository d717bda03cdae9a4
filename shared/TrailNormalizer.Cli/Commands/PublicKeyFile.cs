using System.Security.Cryptography;

namespace TrailNormalizer.Cli.Commands;

/// <summary>Reads a public key PEM (SubjectPublicKeyInfo) and checks it is ECDSA P-256.</summary>
internal static class PublicKeyFile
{
    public static byte[] Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"public key not found: {path}");
        }

        using var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(path));
        }
        catch (ArgumentException ex)
        {
            throw new CliException($"{path} is not an ECDSA public key PEM: {ex.Message}");
        }

        return key.KeySize == 256 ? key.ExportSubjectPublicKeyInfo() : throw new CliException($"{path} is not a P-256 key");
    }
}
