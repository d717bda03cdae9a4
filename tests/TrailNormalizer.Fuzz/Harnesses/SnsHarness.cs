using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Mapping;
using TrailNormalizer.Core.Mapping.Aws.Sns;
using TrailNormalizer.Core.Pipeline;

namespace TrailNormalizer.Fuzz.Harnesses;

/// <summary>
/// The SNS envelope verifier (<see cref="SnsSignatureVerifier"/>) with a test certificate made at start-up, whose key
/// the fuzzer never sees. Contract: no envelope as given verifies (it cannot carry a signature of this key), and
/// routing it with verification on never makes an event; the same envelope signed here with the test key
/// verifies when its SignatureVersion and SigningCertURL are acceptable; altering a signed field or the
/// signature afterwards makes it fail; nothing throws but the documented <see cref="MappingException"/>.
/// </summary>
public static class SnsHarness
{
    private static readonly Lazy<TestCertificate> Certificate = new(() => new TestCertificate());

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    public static void Run(byte[] input)
    {
        SnsEnvelope envelope;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(input, Options);
        }
        catch (JsonException)
        {
            return;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object || !SnsEnvelope.IsSnsShape(document.RootElement))
            {
                return;
            }

            try
            {
                envelope = SnsEnvelope.From(document.RootElement);
            }
            catch (MappingException)
            {
                return;
            }

            var verifier = new SnsSignatureVerifier(Certificate.Value);
            if (verifier.Verify(envelope) is null)
            {
                throw new ContractViolationException("an envelope verified with a signature the test key never made");
            }

            CheckSigned(verifier, envelope);
        }

        RouteVerified(input);
    }

    private static void CheckSigned(SnsSignatureVerifier verifier, SnsEnvelope envelope)
    {
        var algorithm = envelope.SignatureVersion switch { "1" => HashAlgorithmName.SHA1, "2" => HashAlgorithmName.SHA256, _ => default };
        if (algorithm == default || SnsSigningCertUrl.Validate(envelope.SigningCertUrl, out _) is null || envelope.StringToSign() is not { } text)
        {
            return;
        }

        var signed = envelope with { Signature = Certificate.Value.Sign(text, algorithm) };
        if (verifier.Verify(signed) is { } problem)
        {
            throw new ContractViolationException($"an envelope signed with the test key did not verify: {problem}");
        }

        if (verifier.Verify(signed with { Message = signed.Message + "!" }) is null)
        {
            throw new ContractViolationException("an altered Message still verified");
        }

        if (verifier.Verify(signed with { TopicArn = signed.TopicArn + "x" }) is null)
        {
            throw new ContractViolationException("an altered TopicArn still verified");
        }

        byte[] signature = Convert.FromBase64String(signed.Signature!);
        signature[^1] ^= 1;
        if (verifier.Verify(signed with { Signature = Convert.ToBase64String(signature) }) is null)
        {
            throw new ContractViolationException("an altered signature still verified");
        }
    }

    private static void RouteVerified(byte[] input)
    {
        var router = new RecordRouter(FuzzSetup.Limits, FuzzSetup.Clock, RecordHandlers.Default(new RecordHandlerOptions { SnsCertificates = Certificate.Value }));
        var sink = new CountingSink();
        NormalizationPipeline.ProcessFileStream(new MemoryStream(input), "fuzz.json", router, sink, FuzzSetup.Limits);
        if (sink.Total == 0)
        {
            throw new ContractViolationException("an SNS envelope ended as nothing");
        }

        if (sink.Kept.FirstOrDefault(e => Labels(e.Json).Any(l => l.StartsWith(SnsHandler.TopicLabelPrefix, StringComparison.Ordinal))) is { } leaked)
        {
            throw new ContractViolationException($"an unverifiable envelope still delivered its message as an event: {leaked.Uid}");
        }
    }

    private static List<string> Labels(byte[] eventJson)
    {
        using var doc = JsonDocument.Parse(eventJson, new JsonDocumentOptions { MaxDepth = 512 });
        return doc.RootElement.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("labels", out var labels)
            ? labels.EnumerateArray().Select(l => l.GetString() ?? "").ToList()
            : [];
    }

    /// <summary>A self-signed RSA certificate standing in for SNS's; it answers for every URL that passed validation.</summary>
    private sealed class TestCertificate : ISnsCertificateSource
    {
        private readonly RSA _key = RSA.Create(2048);
        private readonly X509Certificate2 _certificate;

        public TestCertificate()
        {
            var request = new CertificateRequest("CN=sns.us-east-1.amazonaws.com fuzz", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        }

        public X509Certificate2? Find(Uri certUrl) => _certificate;

        public string Sign(string text, HashAlgorithmName algorithm) =>
            Convert.ToBase64String(_key.SignData(Encoding.UTF8.GetBytes(text), algorithm, RSASignaturePadding.Pkcs1));
    }
}
