using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Aws.Tests.Support;

/// <summary>One request KMS received: its X-Amz-Target, Authorization header and JSON body.</summary>
public sealed record KmsRequest(string Target, string Authorization, JsonElement Body);

/// <summary>
/// A loopback server that answers in KMS's recorded wire shapes (AWS JSON 1.1: X-Amz-Target
/// TrentService.GetPublicKey / TrentService.Sign, base64 blobs), signing with a local P-256 key.
/// </summary>
public sealed class FakeKms : IDisposable
{
    public const string KeyArn = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    private readonly ECDsa _key;
    private readonly LoopbackHttpServer _server;

    public FakeKms(ECDsa key)
    {
        _key = key;
        _server = new LoopbackHttpServer(Answer);
    }

    public string Url => _server.Url;

    public string KeySpec { get; set; } = "ECC_NIST_P256";

    public List<KmsRequest> Requests { get; } = [];

    public void Dispose() => _server.Dispose();

    private async Task Answer(HttpListenerContext context)
    {
        using var reader = new StreamReader(context.Request.InputStream);
        var body = JsonDocument.Parse(await reader.ReadToEndAsync()).RootElement.Clone();
        string target = context.Request.Headers["X-Amz-Target"] ?? "";
        lock (Requests)
        {
            Requests.Add(new KmsRequest(target, context.Request.Headers["Authorization"] ?? "", body));
        }

        string answer = target switch
        {
            "TrentService.GetPublicKey" => JsonObject(
                ("KeyId", KeyArn), ("KeySpec", KeySpec), ("KeyUsage", "SIGN_VERIFY"),
                ("PublicKey", Convert.ToBase64String(_key.ExportSubjectPublicKeyInfo()))),
            "TrentService.Sign" => JsonObject(
                ("KeyId", KeyArn), ("SigningAlgorithm", "ECDSA_SHA_256"),
                ("Signature", Convert.ToBase64String(_key.SignData(
                    Convert.FromBase64String(body.GetProperty("Message").GetString()!), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)))),
            _ => "{}",
        };
        byte[] bytes = Encoding.UTF8.GetBytes(answer);
        context.Response.ContentType = "application/x-amz-json-1.1";
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    private static string JsonObject(params (string Name, string Value)[] fields)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            foreach (var (name, value) in fields)
            {
                w.WriteString(name, value);
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
