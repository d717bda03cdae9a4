using System.Security.Cryptography;
using System.Text.Json;
using TrailNormalizer.Aws.Functions;
using TrailNormalizer.Aws.Runtime;
using TrailNormalizer.Aws.Tests.Support;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Evidence.Checkpoints;
using TrailNormalizer.Core.Rules;

namespace TrailNormalizer.Aws.Tests.Functions;

public sealed class SealFunctionTests : IDisposable
{
    private readonly MemoryEvidenceStore _store = new();
    private readonly ManualTime _time = new(new DateTimeOffset(2026, 2, 14, 9, 0, 0, TimeSpan.Zero));
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public void Dispose() => _key.Dispose();

    private static InvocationContext Context() => new("req", DateTimeOffset.UtcNow.AddMinutes(1), CancellationToken.None);

    private SealFunction Handler() => new(_store, new KeySigner(_key), "example.com/audit", new RetentionPolicy(120), _time);

    private void WriteEvidence(params string[] eventIds)
    {
        var sqs = new SqsFunction(SqsRouting.Ingest(_store, SqsRouting.Options(new InMemoryObjectSource(), new InMemoryCertificates(), new HashSet<string>()),
            RetentionPolicy.Default, SigmaRuleSet.Combine(), _time));
        sqs.Handle(SqsEvents.Build(eventIds.Select(id => ("m-" + id, AwsBodies.ApiCall(id))).ToArray()), Context());
        _time.Advance(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void A_seal_appends_the_new_batches_and_answers_a_summary_the_verifier_agrees_with()
    {
        WriteEvidence("e1", "e2");

        var result = Handler().Handle("{\"source\":\"aws.events\"}"u8.ToArray(), Context());

        using var summary = JsonDocument.Parse(result.Response);
        summary.RootElement.GetProperty("sequence").GetInt64().Should().Be(0);
        summary.RootElement.GetProperty("appended").GetInt32().Should().Be(2, "each message is a delivery with batches of its own");
        summary.RootElement.GetProperty("treeSize").GetInt64().Should().Be(2);
        summary.RootElement.GetProperty("stale").GetInt32().Should().Be(0);
        EvidenceVerifier.Verify(_store, _key.ExportSubjectPublicKeyInfo()).Intact.Should().BeTrue();
    }

    [Fact]
    public void A_second_seal_extends_the_log_and_a_seal_with_nothing_new_writes_nothing()
    {
        WriteEvidence("e1");
        Handler().Handle("{}"u8.ToArray(), Context());
        WriteEvidence("e2");
        _time.Advance(TimeSpan.FromMinutes(1));

        using var second = JsonDocument.Parse(Handler().Handle("{}"u8.ToArray(), Context()).Response);
        int objects = _store.Keys.Count;
        using var third = JsonDocument.Parse(Handler().Handle("{}"u8.ToArray(), Context()).Response);

        second.RootElement.GetProperty("sequence").GetInt64().Should().Be(1);
        second.RootElement.GetProperty("treeSize").GetInt64().Should().Be(2);
        third.RootElement.GetProperty("sequence").ValueKind.Should().Be(JsonValueKind.Null);
        third.RootElement.GetProperty("appended").GetInt32().Should().Be(0);
        _store.Keys.Count.Should().Be(objects);
    }

    [Fact]
    public void A_storage_failure_fails_the_invocation()
    {
        WriteEvidence("e1");
        _store.FailPut = _ => true;

        var act = () => Handler().Handle("{}"u8.ToArray(), Context());

        act.Should().Throw<IOException>();
    }

    private sealed class KeySigner(ECDsa key) : ICheckpointSigner
    {
        public byte[] PublicKeySpki => key.ExportSubjectPublicKeyInfo();

        public byte[] Sign(ReadOnlySpan<byte> message) => key.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    private sealed class InMemoryCertificates : TrailNormalizer.Core.Mapping.Aws.Sns.ISnsCertificateSource
    {
        public System.Security.Cryptography.X509Certificates.X509Certificate2? Find(Uri certUrl) => null;
    }
}
