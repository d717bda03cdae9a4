using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace TrailNormalizer.Core.Mapping.Aws.Sns;

/// <summary>
/// Verifies an SNS envelope's signature: SignatureVersion 1 is SHA1withRSA, 2 is SHA256withRSA (PKCS#1 v1.5)
/// over <see cref="SnsEnvelope.StringToSign"/>, with the certificate a validated <c>SigningCertURL</c> names.
/// </summary>
internal sealed class SnsSignatureVerifier(ISnsCertificateSource certificates)
{
    /// <summary>Null when the signature verifies; otherwise why the envelope must not be trusted.</summary>
    public string? Verify(SnsEnvelope envelope)
    {
        var algorithm = envelope.SignatureVersion switch
        {
            "1" => HashAlgorithmName.SHA1,
            "2" => HashAlgorithmName.SHA256,
            _ => (HashAlgorithmName?)null,
        };
        if (algorithm is null)
        {
            return $"unsupported SignatureVersion '{envelope.SignatureVersion}'";
        }

        var url = SnsSigningCertUrl.Validate(envelope.SigningCertUrl, out string? urlProblem);
        if (url is null)
        {
            return urlProblem;
        }

        string? stringToSign = envelope.StringToSign();
        if (stringToSign is null)
        {
            return "a field the signature covers is missing";
        }

        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(envelope.Signature ?? "");
        }
        catch (FormatException)
        {
            return "Signature is not base64";
        }

        var certificate = certificates.Find(url); // owned (and possibly cached) by the source
        if (certificate is null)
        {
            return $"unknown signing certificate {url}";
        }

        using var rsa = certificate.GetRSAPublicKey();
        if (rsa is null)
        {
            return $"signing certificate {url} has no RSA key";
        }

        bool valid = signature.Length > 0
            && rsa.VerifyData(Encoding.UTF8.GetBytes(stringToSign), signature, algorithm.Value, RSASignaturePadding.Pkcs1);
        return valid ? null : "signature does not verify (forged or altered envelope)";
    }
}
