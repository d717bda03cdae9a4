using System.Security.Cryptography;
using TrailNormalizer.Core.Evidence.Checkpoints;

namespace TrailNormalizer.Core.Tests.Support;

/// <summary>A fresh in-memory ECDSA P-256 checkpoint signer.</summary>
public sealed class TestSigner : ICheckpointSigner, IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public byte[] PublicKeySpki => _key.ExportSubjectPublicKeyInfo();

    public byte[] Sign(ReadOnlySpan<byte> message) => _key.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    public void Dispose() => _key.Dispose();
}
