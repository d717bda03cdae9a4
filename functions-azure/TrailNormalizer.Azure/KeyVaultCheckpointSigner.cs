using System.Security.Cryptography;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using TrailNormalizer.Core.Evidence.Checkpoints;

namespace TrailNormalizer.Azure;

/// <summary>
/// Signs checkpoints with an Azure Key Vault EC P-256 key (algorithm ES256) through the Key Vault REST API
/// on Azure.Core's pipeline. Key Vault signs a SHA-256 digest and returns the raw r‖s (IEEE P1363) signature,
/// which is converted to DER so the same verifier checks local, KMS and Key Vault signatures.
/// The identity needs only keys/read and keys/sign/action (the custom Checkpoint Signer role in infra/azure).
/// </summary>
public sealed class KeyVaultCheckpointSigner : ICheckpointSigner
{
    private const string ApiVersion = "7.4";
    private static readonly string[] VaultSuffixes = [".vault.azure.net", ".vault.azure.cn", ".vault.usgovcloudapi.net", ".managedhsm.azure.net"];

    private readonly HttpPipeline _pipeline;
    private readonly Uri _keyUri;

    private KeyVaultCheckpointSigner(HttpPipeline pipeline, Uri keyUri, byte[] publicKeySpki)
    {
        _pipeline = pipeline;
        _keyUri = keyUri;
        PublicKeySpki = publicKeySpki;
    }

    public byte[] PublicKeySpki { get; }

    /// <param name="keyId">The key's URL, e.g. https://myvault.vault.azure.net/keys/checkpoints/0123abcd (with or without version).</param>
    /// <param name="credential">Usually a managed identity (Azure.Identity).</param>
    /// <param name="options">Client options; tests pass a transport here.</param>
    /// <param name="cancellation">Cancels the key lookup.</param>
    public static async Task<KeyVaultCheckpointSigner> CreateAsync(Uri keyId, TokenCredential credential, ClientOptions? options = null, CancellationToken cancellation = default)
    {
        ValidateKeyUri(keyId);
        var pipeline = HttpPipelineBuilder.Build(options ?? new KeyVaultClientOptions(), new BearerTokenAuthenticationPolicy(credential, "https://vault.azure.net/.default"));
        using var message = pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Get;
        message.Request.Uri.Reset(new Uri($"{keyId.GetLeftPart(UriPartial.Path).TrimEnd('/')}?api-version={ApiVersion}"));
        await pipeline.SendAsync(message, cancellation).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(Expect(message.Response, "get key").Content.ToMemory());
        var jwk = doc.RootElement.GetProperty("key");
        if (jwk.GetProperty("kty").GetString() is not ("EC" or "EC-HSM") || jwk.GetProperty("crv").GetString() != "P-256")
        {
            throw new InvalidOperationException($"Key Vault key {keyId} must be an EC P-256 key");
        }

        using var ec = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = Base64Url(jwk.GetProperty("x").GetString()!), Y = Base64Url(jwk.GetProperty("y").GetString()!) },
        });
        var versioned = new Uri(jwk.GetProperty("kid").GetString() ?? keyId.ToString());
        ValidateKeyUri(versioned);
        return new KeyVaultCheckpointSigner(pipeline, versioned, ec.ExportSubjectPublicKeyInfo());
    }

    public byte[] Sign(ReadOnlySpan<byte> message)
    {
        byte[] digest = SHA256.HashData(message);
        using var request = _pipeline.CreateMessage();
        request.Request.Method = RequestMethod.Post;
        request.Request.Uri.Reset(new Uri($"{_keyUri.GetLeftPart(UriPartial.Path).TrimEnd('/')}/sign?api-version={ApiVersion}"));
        request.Request.Headers.Add("Content-Type", "application/json");
        using var body = new MemoryStream();
        using (var w = new Utf8JsonWriter(body))
        {
            w.WriteStartObject();
            w.WriteString("alg", "ES256");
            w.WriteString("value", Base64UrlText(digest));
            w.WriteEndObject();
        }

        request.Request.Content = RequestContent.Create(body.ToArray());
        _pipeline.Send(request, CancellationToken.None);
        using var doc = JsonDocument.Parse(Expect(request.Response, "sign").Content.ToMemory());
        byte[] p1363 = Base64Url(doc.RootElement.GetProperty("value").GetString()!);
        if (p1363.Length != 64)
        {
            throw new InvalidOperationException($"Key Vault returned a {p1363.Length}-byte ES256 signature; expected 64");
        }

        return ToDer(p1363);
    }

    /// <summary>IEEE P1363 (r ‖ s, 32 bytes each) to DER, via a verifier-independent conversion.</summary>
    internal static byte[] ToDer(byte[] p1363)
    {
        var writer = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteIntegerUnsigned(p1363.AsSpan(0, 32));
            writer.WriteIntegerUnsigned(p1363.AsSpan(32, 32));
        }

        return writer.Encode();
    }

    private static void ValidateKeyUri(Uri uri)
    {
        if (uri.Scheme != Uri.UriSchemeHttps || !uri.IsDefaultPort || uri.UserInfo.Length > 0
            || !VaultSuffixes.Any(s => uri.Host.EndsWith(s, StringComparison.OrdinalIgnoreCase))
            || !uri.AbsolutePath.StartsWith("/keys/", StringComparison.Ordinal))
        {
            throw new ArgumentException($"not a Key Vault key URL: {uri}", nameof(uri));
        }
    }

    private static Response Expect(Response? response, string what) =>
        response is { Status: 200 } ok ? ok : throw new InvalidOperationException($"Key Vault {what} failed: HTTP {response?.Status} {response?.ReasonPhrase}");

    private static byte[] Base64Url(string text)
    {
        string padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '='));
    }

    private static string Base64UrlText(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed class KeyVaultClientOptions : ClientOptions
    {
    }
}
