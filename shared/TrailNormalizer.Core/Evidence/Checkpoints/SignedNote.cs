using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace TrailNormalizer.Core.Evidence.Checkpoints;

/// <summary>
/// C2SP signed notes with ECDSA signatures (signature type 0x02): the text, a blank line, then lines
/// "— &lt;key name&gt; base64(key ID ‖ DER signature)". The key ID is the first four bytes of SHA-256 over
/// the DER SubjectPublicKeyInfo, as the spec assigns for type 0x02.
/// </summary>
public static class SignedNote
{
    private const string Dash = "\u2014 ";
    private const int MaxSignatures = 16;

    public static uint KeyId(ReadOnlySpan<byte> publicKeySpki) => BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(publicKeySpki));

    /// <summary>The SHA-256 fingerprint of a public key, hex, for proofs and reports.</summary>
    public static string Fingerprint(ReadOnlySpan<byte> publicKeySpki) => Convert.ToHexStringLower(SHA256.HashData(publicKeySpki));

    public static string Sign(string text, string keyName, ICheckpointSigner signer)
    {
        if (!text.EndsWith('\n') || keyName.Length == 0 || keyName.Any(c => char.IsWhiteSpace(c) || c == '+'))
        {
            throw new ArgumentException("note text must end in a newline and the key name must have no spaces or '+'");
        }

        byte[] signature = signer.Sign(Encoding.UTF8.GetBytes(text));
        byte[] line = new byte[4 + signature.Length];
        BinaryPrimitives.WriteUInt32BigEndian(line, KeyId(signer.PublicKeySpki));
        signature.CopyTo(line, 4);
        return $"{text}\n{Dash}{keyName} {Convert.ToBase64String(line)}\n";
    }

    /// <summary>
    /// Splits a note into text and signatures and verifies the signature of the known key. Returns the text,
    /// or throws <see cref="FormatException"/> naming what is wrong (malformed, no signature by the key, bad signature).
    /// </summary>
    public static string Open(string note, string keyName, ReadOnlySpan<byte> publicKeySpki)
    {
        int split = note.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0 || !note.EndsWith('\n'))
        {
            throw new FormatException("not a signed note (no blank line before the signatures)");
        }

        if (split + 2 >= note.Length)
        {
            throw new FormatException("not a signed note (no signature lines after the blank line)");
        }

        string text = note[..(split + 1)];
        string[] lines = note[(split + 2)..^1].Split('\n');
        if (lines.Length > MaxSignatures)
        {
            throw new FormatException($"more than {MaxSignatures} signature lines");
        }

        uint wanted = KeyId(publicKeySpki);
        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(publicKeySpki, out _);
        bool verified = false;
        foreach (string line in lines)
        {
            if (!line.StartsWith(Dash, StringComparison.Ordinal))
            {
                throw new FormatException("malformed signature line");
            }

            string[] parts = line[Dash.Length..].Split(' ');
            byte[] blob;
            try
            {
                blob = parts.Length == 2 ? Convert.FromBase64String(parts[1]) : [];
            }
            catch (FormatException)
            {
                blob = [];
            }

            if (blob.Length < 5)
            {
                throw new FormatException("malformed signature line");
            }

            if (parts[0] != keyName || BinaryPrimitives.ReadUInt32BigEndian(blob) != wanted)
            {
                continue; // another key's signature: ignored, as the spec requires
            }

            if (!key.VerifyData(Encoding.UTF8.GetBytes(text), blob.AsSpan(4), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence))
            {
                throw new FormatException($"signature by {keyName} does not verify");
            }

            verified = true;
        }

        return verified ? text : throw new FormatException($"no signature by the trusted key {keyName} ({KeyId(publicKeySpki):x8})");
    }

    /// <summary>The text of a note without checking any signature (for reporting only).</summary>
    public static string UnverifiedText(string note)
    {
        int split = note.LastIndexOf("\n\n", StringComparison.Ordinal);
        return split < 0 ? note : note[..(split + 1)];
    }
}
