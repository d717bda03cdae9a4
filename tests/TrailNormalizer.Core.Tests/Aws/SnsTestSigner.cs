using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using TrailNormalizer.Core.Mapping.Aws.Sns;

namespace TrailNormalizer.Core.Tests.Aws;

/// <summary>A fresh RSA key with a self-signed certificate, signing SNS envelopes as SNS does, for tests.</summary>
public sealed class SnsTestSigner : ISnsCertificateSource, IDisposable
{
    public const string CertUrl = "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-test.pem";
    public const string Topic = "arn:aws:sns:eu-west-1:111122223333:audit";

    private readonly RSA _key = RSA.Create(2048);
    private readonly X509Certificate2 _certificate;

    public SnsTestSigner()
    {
        var request = new CertificateRequest("CN=sns.eu-west-1.amazonaws.com test", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    public List<Uri> Requested { get; } = [];

    public X509Certificate2? Find(Uri certUrl)
    {
        Requested.Add(certUrl);
        return certUrl.AbsoluteUri == CertUrl ? _certificate : null;
    }

    /// <summary>A signed HTTP-shape Notification, as a mutable dictionary of its fields.</summary>
    public Dictionary<string, string> Notification(string message, string version = "2", string? subject = null, string topic = Topic)
    {
        var fields = new Dictionary<string, string>
        {
            ["Type"] = "Notification",
            ["MessageId"] = "5f0c3b2a-1d4e-4f6a-8b9c-0d1e2f3a4b5c",
            ["TopicArn"] = topic,
            ["Message"] = message,
            ["Timestamp"] = "2026-02-01T10:00:00.000Z",
            ["SignatureVersion"] = version,
            ["SigningCertURL"] = CertUrl,
        };
        if (subject is not null)
        {
            fields["Subject"] = subject;
        }

        Sign(fields);
        return fields;
    }

    public void Sign(Dictionary<string, string> fields)
    {
        using var document = JsonDocument.Parse(Json(fields));
        string text = SnsEnvelope.From(document.RootElement).StringToSign()!;
        var algorithm = fields["SignatureVersion"] == "1" ? HashAlgorithmName.SHA1 : HashAlgorithmName.SHA256;
        fields["Signature"] = Convert.ToBase64String(_key.SignData(Encoding.UTF8.GetBytes(text), algorithm, RSASignaturePadding.Pkcs1));
    }

    public static string Json(Dictionary<string, string> fields)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            foreach (var (key, value) in fields)
            {
                w.WriteString(key, value);
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public void Dispose()
    {
        _certificate.Dispose();
        _key.Dispose();
    }
}
