using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using TrailNormalizer.Azure;
using TrailNormalizer.Core.Evidence.Checkpoints;

namespace TrailNormalizer.Azure.Tests;

/// <summary>
/// The Key Vault signer against Key Vault's recorded REST shapes (GET key → JWK, POST sign → base64url r‖s),
/// answered by an in-process handler that signs with a local key.
/// </summary>
public sealed class KeyVaultCheckpointSignerTests : IDisposable
{
    private static readonly Uri KeyUrl = new("https://contoso-audit.vault.azure.net/keys/checkpoints");
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly FakeVault _vault;

    public KeyVaultCheckpointSignerTests()
    {
        _vault = new FakeVault(_key);
    }

    public void Dispose()
    {
        _key.Dispose();
        _vault.Dispose();
    }

    private TestOptions Options() => new TestOptions { Transport = new HttpClientTransport(new HttpClient(_vault)), Retry = { MaxRetries = 0 } };

    [Fact]
    public async Task A_note_signed_through_Key_Vault_verifies_with_the_same_code_as_local_keys()
    {
        var signer = await KeyVaultCheckpointSigner.CreateAsync(KeyUrl, new FixedToken(), Options());

        string note = SignedNote.Sign("example.com/log\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\ntrailnormalizer/prev none\n", "example.com/log", signer);

        signer.PublicKeySpki.Should().Equal(_key.ExportSubjectPublicKeyInfo());
        SignedNote.Open(note, "example.com/log", _key.ExportSubjectPublicKeyInfo()).Should().StartWith("example.com/log\n1\n");
        _vault.Requests.Select(r => $"{r.Method} {r.Uri.PathAndQuery}").Should().Equal(
            "GET /keys/checkpoints?api-version=7.4",
            "POST /keys/checkpoints/0f1e2d3c4b5a69788796a5b4c3d2e1f0/sign?api-version=7.4");
        _vault.Requests.Should().OnlyContain(r => r.Authorization == "Bearer test-token");
        _vault.SignBody!.Value.GetProperty("alg").GetString().Should().Be("ES256");
    }

    [Theory]
    [InlineData("http://contoso.vault.azure.net/keys/k")]
    [InlineData("https://contoso.vault.azure.net.evil.example/keys/k")]
    [InlineData("https://user@contoso.vault.azure.net/keys/k")]
    [InlineData("https://contoso.vault.azure.net:8443/keys/k")]
    [InlineData("https://contoso.vault.azure.net/secrets/k")]
    public async Task Only_Key_Vault_key_URLs_are_accepted(string url)
    {
        var act = () => KeyVaultCheckpointSigner.CreateAsync(new Uri(url), new FixedToken(), Options());

        await act.Should().ThrowAsync<ArgumentException>();
        _vault.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task An_RSA_key_is_refused()
    {
        _vault.KeyType = "RSA";

        var act = () => KeyVaultCheckpointSigner.CreateAsync(KeyUrl, new FixedToken(), Options());

        (await act.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*must be an EC P-256 key*");
    }

    [Fact]
    public void P1363_signatures_convert_to_DER_that_verifies()
    {
        byte[] data = Encoding.UTF8.GetBytes("note");
        byte[] p1363 = _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

        byte[] der = KeyVaultCheckpointSigner.ToDer(p1363);

        _key.VerifyData(data, der, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence).Should().BeTrue();
    }

    private sealed class TestOptions : ClientOptions
    {
    }

    private sealed class FixedToken : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new("test-token", DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }

    private sealed record Seen(HttpMethod Method, Uri Uri, string? Authorization);

    private sealed class FakeVault(ECDsa key) : HttpMessageHandler
    {
        public string KeyType { get; set; } = "EC";

        public List<Seen> Requests { get; } = [];

        public JsonElement? SignBody { get; private set; }

        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
            SendAsync(request, cancellationToken).GetAwaiter().GetResult();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(new Seen(request.Method, request.RequestUri!, request.Headers.Authorization?.ToString()));
            string json;
            if (request.Method == HttpMethod.Get)
            {
                var p = key.ExportParameters(false);
                json = $$$"""{"key":{"kid":"https://contoso-audit.vault.azure.net/keys/checkpoints/0f1e2d3c4b5a69788796a5b4c3d2e1f0","kty":"{{{KeyType}}}","key_ops":["sign","verify"],"crv":"P-256","x":"{{{B64(p.Q.X!)}}}","y":"{{{B64(p.Q.Y!)}}}"},"attributes":{"enabled":true}}""";
            }
            else
            {
                SignBody = JsonDocument.Parse(await request.Content!.ReadAsStringAsync(cancellationToken)).RootElement.Clone();
                byte[] digest = FromB64(SignBody.Value.GetProperty("value").GetString()!);
                byte[] sig = key.SignHash(digest, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                json = $$$"""{"kid":"https://contoso-audit.vault.azure.net/keys/checkpoints/0f1e2d3c4b5a69788796a5b4c3d2e1f0","value":"{{{B64(sig)}}}"}""";
            }

            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        }

        private static string B64(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        private static byte[] FromB64(string s)
        {
            string p = s.Replace('-', '+').Replace('_', '/');
            return Convert.FromBase64String(p.PadRight(p.Length + ((4 - (p.Length % 4)) % 4), '='));
        }
    }
}
