namespace TrailNormalizer.Core.Evidence.Checkpoints;

/// <summary>
/// Signs checkpoint notes with an ECDSA P-256 key: a local key file (embedded default), AWS KMS or Azure Key Vault.
/// Every signer returns the signature DER-encoded (RFC 3279), so one verifier checks them all.
/// </summary>
public interface ICheckpointSigner
{
    /// <summary>The public key, DER-encoded SubjectPublicKeyInfo.</summary>
    byte[] PublicKeySpki { get; }

    /// <summary>ECDSA P-256 / SHA-256 signature over <paramref name="message"/>, DER-encoded.</summary>
    byte[] Sign(ReadOnlySpan<byte> message);
}
