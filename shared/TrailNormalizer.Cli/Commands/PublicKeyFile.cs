using System.Security.Cryptography;

namespace TrailNormalizer.Cli.Commands;

/// <summary>Reads a public key PEM (SubjectPublicKeyInfo) and checks it is ECDSA P-256.</summary>
internal static class PublicKeyFile
{
    private const string WhatToPass = "pass the .pub file 'trailnorm keygen' wrote (the sealer's public key)";

    public static byte[] Read(string path)
    {
        string pem = KeyPem.ReadText(path, "public key", WhatToPass);
        using var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            throw new CliException($"{path} is not an ECDSA public key PEM; {WhatToPass}");
        }

        return key.KeySize == 256 ? key.ExportSubjectPublicKeyInfo() : throw new CliException($"{path} is not a P-256 key; {WhatToPass}");
    }
}
