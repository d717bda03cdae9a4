using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using TrailNormalizer.Core.Evidence.Checkpoints;

namespace TrailNormalizer.Aws;

/// <summary>
/// Signs checkpoints with an asymmetric AWS KMS key (key spec ECC_NIST_P256, algorithm ECDSA_SHA_256).
/// KMS returns DER-encoded signatures and a DER SubjectPublicKeyInfo, which is what the verifier expects.
/// The private key never leaves KMS; the role needs only kms:Sign and kms:GetPublicKey on this key.
/// </summary>
public sealed class KmsCheckpointSigner : ICheckpointSigner
{
    private readonly IAmazonKeyManagementService _kms;
    private readonly string _keyId;

    private KmsCheckpointSigner(IAmazonKeyManagementService kms, string keyId, byte[] publicKeySpki)
    {
        _kms = kms;
        _keyId = keyId;
        PublicKeySpki = publicKeySpki;
    }

    public byte[] PublicKeySpki { get; }

    /// <summary>Fetches the key's public half and checks it is a P-256 signing key.</summary>
    public static async Task<KmsCheckpointSigner> CreateAsync(IAmazonKeyManagementService kms, string keyId, CancellationToken cancellation = default)
    {
        var response = await kms.GetPublicKeyAsync(new GetPublicKeyRequest { KeyId = keyId }, cancellation).ConfigureAwait(false);
        if (response.KeySpec != KeySpec.ECC_NIST_P256 || response.KeyUsage != KeyUsageType.SIGN_VERIFY)
        {
            throw new InvalidOperationException($"KMS key {keyId} must be an ECC_NIST_P256 SIGN_VERIFY key, not {response.KeySpec} {response.KeyUsage}");
        }

        return new KmsCheckpointSigner(kms, response.KeyId ?? keyId, response.PublicKey.ToArray());
    }

    public byte[] Sign(ReadOnlySpan<byte> message)
    {
        var request = new SignRequest
        {
            KeyId = _keyId,
            Message = new MemoryStream(message.ToArray()),
            MessageType = MessageType.RAW,
            SigningAlgorithm = SigningAlgorithmSpec.ECDSA_SHA_256,
        };
        var response = _kms.SignAsync(request).GetAwaiter().GetResult();
        return response.Signature.ToArray();
    }
}
