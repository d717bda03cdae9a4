using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using TrailNormalizer.Core.Mapping.Aws.Sns;

namespace TrailNormalizer.Core.Sources;

/// <summary>
/// SNS signing certificates from a folder of PEM files (the CLI's <c>--sns-certs DIR</c>), matched by the file
/// name of the validated <c>SigningCertURL</c> (e.g. <c>SimpleNotificationService-abc.pem</c>). Loaded once, cached.
/// </summary>
public sealed class PemFolderCertificateSource(string directory) : ISnsCertificateSource, IDisposable
{
    private readonly string _directory = Path.GetFullPath(directory);
    private readonly ConcurrentDictionary<string, X509Certificate2?> _cache = new(StringComparer.Ordinal);

    public X509Certificate2? Find(Uri certUrl)
    {
        string name = Path.GetFileName(certUrl.AbsolutePath);
        return name.Length == 0 ? null : _cache.GetOrAdd(name, Load);
    }

    private X509Certificate2? Load(string name)
    {
        string path = Path.Combine(_directory, name);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return X509Certificate2.CreateFromPem(File.ReadAllText(path));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        foreach (var certificate in _cache.Values)
        {
            certificate?.Dispose();
        }

        _cache.Clear();
    }
}
