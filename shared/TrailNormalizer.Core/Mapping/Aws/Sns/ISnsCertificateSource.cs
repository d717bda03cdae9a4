using System.Security.Cryptography.X509Certificates;

namespace TrailNormalizer.Core.Mapping.Aws.Sns;

/// <summary>
/// Supplies the certificate a validated <c>SigningCertURL</c> names (the adapter fetches and caches it; the CLI
/// reads a folder of PEM files). Null when the certificate is unknown: the envelope is then quarantined.
/// </summary>
public interface ISnsCertificateSource
{
    X509Certificate2? Find(Uri certUrl);
}
