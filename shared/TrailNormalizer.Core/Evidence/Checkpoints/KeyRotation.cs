using System.Globalization;
using System.Text;

namespace TrailNormalizer.Core.Evidence.Checkpoints;

/// <summary>
/// A deliberate change of the checkpoint signing key: "from seal N on, checkpoints of this log are signed by key K",
/// signed by the key it replaces, stored as <c>log/keys/NNNNNNNNNNNN.rotation</c> (N = the first seal signed by K). The
/// statement is a signed note whose text is
/// <c>trailnormalizer.rotation/1\n&lt;origin&gt;\n&lt;N&gt;\n&lt;base64 SubjectPublicKeyInfo of K&gt;\n</c>.
/// Verify starts from the key the auditor trusts and follows each statement that key (or its successor) signed.
/// </summary>
public sealed record KeyRotation(string Origin, long FromSequence, byte[] NewKeySpki)
{
    public const string Prefix = "log/keys/";
    private const string Format = "trailnormalizer.rotation/1";

    public static string Key(long sequence) => string.Create(CultureInfo.InvariantCulture, $"{Prefix}{sequence:D12}.rotation");

    public string ToText() => string.Create(CultureInfo.InvariantCulture, $"{Format}\n{Origin}\n{FromSequence}\n{Convert.ToBase64String(NewKeySpki)}\n");

    /// <summary>The statement signed by the key being replaced.</summary>
    public byte[] SignWith(ICheckpointSigner oldKey) => Encoding.UTF8.GetBytes(SignedNote.Sign(ToText(), Origin, oldKey));

    /// <summary>Opens a stored statement with the key it must be signed by; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static KeyRotation Open(string note, string origin, ReadOnlySpan<byte> signedBy)
    {
        string[] lines = SignedNote.Open(note, origin, signedBy).Split('\n');
        if (lines.Length != 5 || lines[0] != Format || !long.TryParse(lines[2], NumberStyles.None, CultureInfo.InvariantCulture, out long sequence))
        {
            throw new FormatException("not a trailnormalizer.rotation/1 statement");
        }

        try
        {
            return new KeyRotation(lines[1], sequence, Convert.FromBase64String(lines[3]));
        }
        catch (FormatException)
        {
            throw new FormatException("rotation statement key is not base64");
        }
    }

    /// <summary>The stored rotation statement taking effect at <paramref name="sequence"/>, if any.</summary>
    public static string? Read(IEvidenceStore store, long sequence) =>
        store.Exists(Key(sequence)) ? Encoding.UTF8.GetString(EvidenceLog.ReadAll(store, Key(sequence))) : null;
}

/// <summary>A seal refused because its key is not the one that must sign the next checkpoint.</summary>
public sealed class WrongSigningKeyException(string message) : InvalidOperationException(message);
