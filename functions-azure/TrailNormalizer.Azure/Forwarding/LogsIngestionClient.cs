using System.IO.Compression;

namespace TrailNormalizer.Azure.Forwarding;

/// <summary>
/// The Azure Monitor Logs Ingestion API, as REST: rows are sent as a gzip-compressed JSON array to
/// <c>POST {endpoint}/dataCollectionRules/{dcrImmutableId}/streams/{stream}?api-version=2023-01-01</c> with a bearer token
/// for https://monitor.azure.com//.default (the identity holds Monitoring Metrics Publisher on the rule). A call may carry
/// at most 1 MB, so rows are split into requests of at most <see cref="MaxRequestBytes"/> uncompressed bytes.
/// </summary>
public sealed class LogsIngestionClient
{
    public const string Scope = "https://monitor.azure.com//.default";
    public const string ApiVersion = "2023-01-01";

    /// <summary>Largest uncompressed JSON array per request: under the service's 1 MB per call, compressed or not.</summary>
    public const int MaxRequestBytes = 1_000_000;

    private readonly AuthorizedPoster _poster;

    public LogsIngestionClient(AuthorizedPoster poster, Uri endpoint, string dcrImmutableId, string stream)
    {
        _poster = poster;
        UploadUrl = new Uri($"{endpoint.GetLeftPart(UriPartial.Authority)}/dataCollectionRules/{Uri.EscapeDataString(dcrImmutableId)}/streams/{Uri.EscapeDataString(stream)}?api-version={ApiVersion}");
    }

    public Uri UploadUrl { get; }

    /// <summary>Sends every row (each a JSON object); returns the number of requests. Throws <see cref="PostFailedException"/>.</summary>
    public int Upload(IEnumerable<byte[]> rows)
    {
        int requests = 0;
        foreach (byte[] body in JsonArrays.Split(rows, MaxRequestBytes))
        {
            _poster.Post("Logs Ingestion upload", UploadUrl, Gzip(body), "application/json", "gzip");
            requests++;
        }

        return requests;
    }

    private static byte[] Gzip(byte[] body)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(body);
        }

        return compressed.ToArray();
    }
}
