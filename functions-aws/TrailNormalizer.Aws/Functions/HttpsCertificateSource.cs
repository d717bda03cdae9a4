using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using TrailNormalizer.Core.Mapping.Aws.Sns;

namespace TrailNormalizer.Aws.Functions;

/// <summary>
/// SNS signing certificates fetched from their <c>SigningCertURL</c> (already validated by the Core: https,
/// host <c>sns.&lt;region&gt;.amazonaws.com</c>, a <c>.pem</c> path) and cached per URL for the life of the process.
/// The download is bounded in size and time and never follows redirects. A certificate SNS does not have
/// (404/403) is unknown, so its envelope is quarantined; a network failure throws, so the message is retried.
/// </summary>
public sealed class HttpsCertificateSource : ISnsCertificateSource, IDisposable
{
    /// <summary>SNS certificates are about 2 KB; anything near this bound is not one.</summary>
    public const int MaxCertificateBytes = 64 * 1024;

    private readonly HttpClient _http;
    private readonly ConcurrentDictionary<string, X509Certificate2> _cache = new(StringComparer.Ordinal);

    public HttpsCertificateSource(HttpMessageHandler? handler = null)
    {
        _http = new HttpClient(handler ?? new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(3),
        })
        {
            Timeout = TimeSpan.FromSeconds(5),
            MaxResponseContentBufferSize = MaxCertificateBytes,
        };
    }

    public X509Certificate2? Find(Uri certUrl)
    {
        string key = certUrl.AbsoluteUri;
        if (_cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var certificate = Fetch(certUrl);
        return certificate is null ? null : _cache.GetOrAdd(key, certificate);
    }

    public void Dispose()
    {
        _http.Dispose();
        foreach (var certificate in _cache.Values)
        {
            certificate.Dispose();
        }
    }

    private X509Certificate2? Fetch(Uri certUrl)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, certUrl);
        using var response = _http.Send(request, HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden)
        {
            return null;
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new HttpRequestException($"fetching SNS signing certificate {certUrl} answered {(int)response.StatusCode}", null, response.StatusCode);
        }

        if (response.Content.Headers.ContentLength > MaxCertificateBytes)
        {
            return null;
        }

        using var stream = response.Content.ReadAsStream();
        var buffer = new byte[MaxCertificateBytes + 1];
        int length = 0;
        int read;
        while ((read = stream.Read(buffer, length, buffer.Length - length)) > 0)
        {
            length += read;
            if (length > MaxCertificateBytes)
            {
                return null;
            }
        }

        try
        {
            return X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(buffer, 0, length));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
