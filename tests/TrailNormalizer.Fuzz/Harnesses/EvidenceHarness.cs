using System.Security.Cryptography;
using System.Text;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Evidence.Checkpoints;
using TrailNormalizer.Core.Evidence.Proofs;

namespace TrailNormalizer.Fuzz.Harnesses;

/// <summary>
/// The evidence parsers an auditor's tools read untrusted files with: batch manifests, seal records, checkpoints,
/// signed notes and event proofs (with <see cref="ProofVerifier"/>). Every input is offered to each of them.
/// Contract: a parser either returns or throws <see cref="FormatException"/>; what it returns writes back to
/// text it reads the same way; a note or proof accepted under the test key stops being accepted when the
/// signed text or the event is altered; verifying never throws.
/// </summary>
public static class EvidenceHarness
{
    /// <summary>
    /// A P-256 key made for these harnesses only (it signs nothing else), fixed so that the seed corpus can hold
    /// proofs and checkpoints that verify.
    /// </summary>
    private const string TestKeyPem = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg5zJD3EhU9aHVZuFh
        8Mr81y2TMZDNAEBCqo255SpBgGGhRANCAASFH6QLbI4RLQyT93l8jRlOP7cEMxbg
        8zMUH43AP5Mh0BLWZtcMlKhCeHCzXfvJUvl7+1KeK3irGGrRwlsk6Bvm
        -----END PRIVATE KEY-----
        """;

    public static ICheckpointSigner TestKey { get; } = new PemSigner(TestKeyPem);

    public static void Run(byte[] input)
    {
        Manifest(input);
        Seal(input);
        string text = Encoding.UTF8.GetString(input);
        CheckpointText(text);
        Note(text);
        Proof(input);
    }

    private static void Manifest(byte[] input)
    {
        if (Parse(() => BatchManifest.Parse(input)) is { } manifest
            && !manifest.ToJson().AsSpan().SequenceEqual(BatchManifest.Parse(manifest.ToJson()).ToJson()))
        {
            throw new ContractViolationException("a manifest does not read back as it was written");
        }
    }

    private static void Seal(byte[] input)
    {
        if (Parse(() => SealRecord.Parse(input)) is { } seal
            && !seal.ToJson().AsSpan().SequenceEqual(SealRecord.Parse(seal.ToJson()).ToJson()))
        {
            throw new ContractViolationException("a seal record does not read back as it was written");
        }
    }

    private static void CheckpointText(string text)
    {
        if (Parse(() => Checkpoint.Parse(text)) is { } checkpoint && Checkpoint.Parse(checkpoint.ToText()).ToText() != checkpoint.ToText())
        {
            throw new ContractViolationException("a checkpoint does not read back as it was written");
        }
    }

    private static void Note(string note)
    {
        string origin = SignedNote.UnverifiedText(note).Split('\n')[0];
        if (Parse(() => SignedNote.Open(note, origin, TestKey.PublicKeySpki)) is not { } signedText)
        {
            return;
        }

        if (!note.StartsWith(signedText, StringComparison.Ordinal) || signedText.Length == 0)
        {
            throw new ContractViolationException("an opened note's text is not what it starts with");
        }

        string altered = Alter(signedText) + note[signedText.Length..];
        if (Parse(() => SignedNote.Open(altered, origin, TestKey.PublicKeySpki)) is not null)
        {
            throw new ContractViolationException("a note whose signed text was altered still opened");
        }
    }

    private static void Proof(byte[] input)
    {
        if (Parse(() => EventProof.Parse(input)) is not { } proof || ProofVerifier.Verify(proof, TestKey.PublicKeySpki) is not null)
        {
            return;
        }

        if (ProofVerifier.Verify(EventProof.Parse(proof.ToJson()), TestKey.PublicKeySpki) is not null)
        {
            throw new ContractViolationException("a verified proof no longer verifies once written and read back");
        }

        if (ProofVerifier.Verify(proof with { Event = Alter(proof.Event) }, TestKey.PublicKeySpki) is null)
        {
            throw new ContractViolationException("a proof of an altered event still verified");
        }

        if (ProofVerifier.Verify(proof with { LogLeaf = Alter(proof.LogLeaf) }, TestKey.PublicKeySpki) is null)
        {
            throw new ContractViolationException("a proof with an altered log leaf still verified");
        }
    }

    /// <summary>The text with its first character changed (or one added to an empty text).</summary>
    private static string Alter(string text) => text.Length == 0 ? "x" : (char)(text[0] ^ 1) + text[1..];

    private static T? Parse<T>(Func<T> parse)
        where T : class
    {
        try
        {
            return parse();
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private sealed class PemSigner : ICheckpointSigner
    {
        private readonly ECDsa _key = ECDsa.Create();

        public PemSigner(string pem)
        {
            _key.ImportFromPem(pem);
            PublicKeySpki = _key.ExportSubjectPublicKeyInfo();
        }

        public byte[] PublicKeySpki { get; }

        public byte[] Sign(ReadOnlySpan<byte> message) => _key.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }
}
