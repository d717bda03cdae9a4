using System.Security.Cryptography;
using System.Text;
using Amazon.KeyManagementService;
using Amazon.Runtime;
using TrailNormalizer.Aws;
using TrailNormalizer.Aws.Tests.Support;
using TrailNormalizer.Core.Evidence.Checkpoints;

namespace TrailNormalizer.Aws.Tests;

/// <summary>
/// The KMS signer against a loopback server that answers in KMS's recorded wire shapes (AWS JSON 1.1:
/// X-Amz-Target TrentService.GetPublicKey / TrentService.Sign, base64 blobs), signing with a local key.
/// </summary>
public sealed class KmsCheckpointSignerTests : IDisposable
{
    private const string KeyArn = FakeKms.KeyArn;
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly FakeKms _server;

    public KmsCheckpointSignerTests()
    {
        _server = new FakeKms(_key);
    }

    public void Dispose()
    {
        _server.Dispose();
        _key.Dispose();
    }

    private AmazonKeyManagementServiceClient Client() =>
        new(new BasicAWSCredentials("AKIDEXAMPLE", "not-a-secret"), new AmazonKeyManagementServiceConfig
        {
            ServiceURL = _server.Url,
            AuthenticationRegion = "eu-west-1",
            MaxErrorRetry = 0,
        });

    [Fact]
    public async Task A_note_signed_through_KMS_verifies_with_the_same_code_as_local_keys()
    {
        using var kms = Client();
        var signer = await KmsCheckpointSigner.CreateAsync(kms, KeyArn);

        string note = SignedNote.Sign("example.com/log\n3\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\ntrailnormalizer/prev none\n", "example.com/log", signer);

        signer.PublicKeySpki.Should().Equal(_key.ExportSubjectPublicKeyInfo());
        SignedNote.Open(note, "example.com/log", _key.ExportSubjectPublicKeyInfo()).Should().StartWith("example.com/log\n3\n");
        var sign = _server.Requests.Single(r => r.Target == "TrentService.Sign");
        sign.Body.GetProperty("KeyId").GetString().Should().Be(KeyArn);
        sign.Body.GetProperty("MessageType").GetString().Should().Be("RAW");
        sign.Body.GetProperty("SigningAlgorithm").GetString().Should().Be("ECDSA_SHA_256");
        Encoding.UTF8.GetString(Convert.FromBase64String(sign.Body.GetProperty("Message").GetString()!)).Should().StartWith("example.com/log\n3\n");
        sign.Authorization.Should().StartWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/").And.Contain("/eu-west-1/kms/aws4_request");
    }

    [Fact]
    public async Task A_key_that_is_not_P256_for_signing_is_refused()
    {
        _server.KeySpec = "RSA_2048";
        using var kms = Client();

        var act = () => KmsCheckpointSigner.CreateAsync(kms, KeyArn);

        (await act.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*must be an ECC_NIST_P256 SIGN_VERIFY key*");
    }
}
