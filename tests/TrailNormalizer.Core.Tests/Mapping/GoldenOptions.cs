using TrailNormalizer.Core.Mapping;
using TrailNormalizer.Core.Sources;

namespace TrailNormalizer.Core.Tests.Mapping;

/// <summary>
/// The handler services a golden source folder runs with, by convention from what the folder holds:
/// <c>certs/</c> (SNS signing certificates: envelopes are verified) and <c>mirror/</c> (an S3 mirror for pointers).
/// </summary>
public static class GoldenOptions
{
    public static RecordHandlerOptions For(string sourceFolder)
    {
        string certs = Path.Combine(sourceFolder, "certs");
        string mirror = Path.Combine(sourceFolder, "mirror");
        return new RecordHandlerOptions
        {
            SnsCertificates = Directory.Exists(certs) ? new PemFolderCertificateSource(certs) : null,
            ObjectSource = Directory.Exists(mirror) ? new MirrorObjectSource(mirror) : null,
        };
    }
}
