using System.Security.Cryptography;

namespace TrailNormalizer.Core.Evidence.Checkpoints;

/// <summary>The embedded signer: an ECDSA P-256 private key in a PKCS#8 PEM file.</summary>
public sealed class LocalKeySigner : ICheckpointSigner, IDisposable
{
    private readonly ECDsa _key;

    private LocalKeySigner(ECDsa key)
    {
        if (key.KeySize != 256)
        {
            key.Dispose();
            throw new ArgumentException("checkpoint keys must be ECDSA P-256");
        }

        _key = key;
        PublicKeySpki = key.ExportSubjectPublicKeyInfo();
    }

    public byte[] PublicKeySpki { get; }

    /// <summary>Loads a private key PEM written by <see cref="Generate"/> (or any PKCS#8 / SEC1 P-256 PEM).</summary>
    public static LocalKeySigner FromPemFile(string path)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(path));
            key.ExportParameters(includePrivateParameters: true);
        }
        catch (ArgumentException ex)
        {
            key.Dispose();
            throw new ArgumentException($"{path} is not an ECDSA private key PEM: {ex.Message}", ex);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            key.Dispose();
            throw new ArgumentException($"{path} holds a public key, not a private key: seal needs the private key from 'trailnorm keygen'");
        }

        return new LocalKeySigner(key);
    }

    /// <summary>Creates a new P-256 key pair; returns (private key PEM, public key PEM).</summary>
    public static (string PrivatePem, string PublicPem) Generate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return (key.ExportPkcs8PrivateKeyPem(), key.ExportSubjectPublicKeyInfoPem());
    }

    public byte[] Sign(ReadOnlySpan<byte> message) => _key.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    public void Dispose() => _key.Dispose();
}
