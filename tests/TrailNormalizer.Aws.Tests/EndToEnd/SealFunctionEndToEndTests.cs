using System.Text.Json;
using TrailNormalizer.Aws.Tests.Support;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Aws.Tests.EndToEnd;

/// <summary>
/// The published bootstrap as the seal function, signing through a loopback KMS: after the SQS function wrote evidence,
/// a seal appends it to the log, and the downloaded bucket verifies with the KMS key's public half.
/// </summary>
public sealed class SealFunctionEndToEndTests : IDisposable
{
    private readonly LambdaWorld _world = new();
    private readonly FakeRuntimeApi _sqsApi = new();
    private readonly FakeRuntimeApi _sealApi = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("trailnorm-e2e-").FullName;

    public void Dispose()
    {
        _world.Dispose();
        _sqsApi.Dispose();
        _sealApi.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_seal_signs_a_checkpoint_with_KMS_and_the_downloaded_evidence_verifies_with_the_public_key()
    {
        await _world.StartBootstrap(_sqsApi, _world.Environment("sqs", _sqsApi));
        var written = await _sqsApi.Invoke("req-sqs", SqsEvents.Build(
            ("m1", AwsBodies.ApiCall("seal-1")), ("m2", AwsBodies.ConsoleSignIn("seal-2")), ("m3", "not a record")));
        SqsEvents.FailedIds(written.Body).Should().BeEmpty();
        int manifests = _world.EvidenceKeys().Count(k => k.EndsWith(EvidenceKeys.ManifestSuffix, StringComparison.Ordinal));

        var sealer = await _world.StartBootstrap(_sealApi, _world.Environment("seal", _sealApi));
        var sealed1 = await _sealApi.Invoke("req-seal-1", "{\"source\":\"aws.events\",\"detail-type\":\"Scheduled Event\",\"detail\":{}}"u8.ToArray());
        var sealed2 = await _sealApi.Invoke("req-seal-2", "{}"u8.ToArray());

        sealed1.Kind.Should().Be("response", sealer.Output);
        using (var summary = JsonDocument.Parse(sealed1.Body))
        {
            summary.RootElement.GetProperty("sequence").GetInt64().Should().Be(0);
            summary.RootElement.GetProperty("appended").GetInt32().Should().Be(manifests);
            summary.RootElement.GetProperty("treeSize").GetInt64().Should().Be(manifests);
            summary.RootElement.GetProperty("stale").GetInt32().Should().Be(0);
        }

        using (var nothingNew = JsonDocument.Parse(sealed2.Body))
        {
            nothingNew.RootElement.GetProperty("sequence").ValueKind.Should().Be(JsonValueKind.Null);
        }

        _world.Kms.Requests.Should().Contain(r => r.Target == "TrentService.Sign");
        var report = EvidenceVerifier.Verify(_world.Download(_folder), _world.SigningKey.ExportSubjectPublicKeyInfo());
        report.Findings.Should().BeEmpty();
        report.Checkpoints.Should().Be(1);
        report.Events.Should().Be(3);
        var cli = TrailnormVerify.Run(_folder, _world.SigningKey.ExportSubjectPublicKeyInfo());
        cli.ExitCode.Should().Be(0, cli.Output);

        using var otherKey = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        EvidenceVerifier.Verify(new LocalEvidenceStore(_folder), otherKey.ExportSubjectPublicKeyInfo()).Intact.Should().BeFalse("the checkpoint is signed by the KMS key only");
    }
}
