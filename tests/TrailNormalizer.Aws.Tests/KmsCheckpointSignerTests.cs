using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Amazon.KeyManagementService;
using Amazon.Runtime;
using TrailNormalizer.Aws;
using TrailNormalizer.Core.Evidence.Checkpoints;

namespace TrailNormalizer.Aws.Tests;

/// <summary>
/// The KMS signer against a loopback server that answers in KMS's recorded wire shapes (AWS JSON 1.1:
/// X-Amz-Target TrentService.GetPublicKey / TrentService.Sign, base64 blobs), signing with a local key.
/// </summary>
public sealed class KmsCheckpointSignerTests : IDisposable
{
    private const string KeyArn = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
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

    private sealed record Request(string Target, string Authorization, JsonElement Body);

    private sealed class FakeKms : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly ECDsa _key;
        private readonly Task _loop;

        public FakeKms(ECDsa key)
        {
            _key = key;
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Url = $"http://127.0.0.1:{port}/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _loop = Task.Run(Serve);
        }

        public string Url { get; }

        public string KeySpec { get; set; } = "ECC_NIST_P256";

        public List<Request> Requests { get; } = [];

        public void Dispose()
        {
            _listener.Close();
            try
            {
                _loop.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
                // the listener was closed under a pending accept
            }
        }

        private async Task Serve()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                using var reader = new StreamReader(context.Request.InputStream);
                var body = JsonDocument.Parse(await reader.ReadToEndAsync()).RootElement.Clone();
                string target = context.Request.Headers["X-Amz-Target"] ?? "";
                lock (Requests)
                {
                    Requests.Add(new Request(target, context.Request.Headers["Authorization"] ?? "", body));
                }

                string answer = target switch
                {
                    "TrentService.GetPublicKey" => JsonSerializerFree.Object(
                        ("KeyId", KeyArn), ("KeySpec", KeySpec), ("KeyUsage", "SIGN_VERIFY"),
                        ("PublicKey", Convert.ToBase64String(_key.ExportSubjectPublicKeyInfo()))),
                    "TrentService.Sign" => JsonSerializerFree.Object(
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
        }
    }

    private static class JsonSerializerFree
    {
        public static string Object(params (string Name, string Value)[] fields)
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
}
