using System.Collections.Concurrent;
using Azure;
using Azure.Core;
using Azure.Storage.Blobs;

namespace TrailNormalizer.Azure.Storage;

/// <summary>
/// Opens the Azure Monitor diagnostic-log blob a BlobCreated event names, as a stream for the Core's JsonUnitReader
/// (<c>{"records":[...]}</c> or NDJSON). Only blobs in allowed storage accounts (TRAILNORM_SOURCE_ACCOUNTS) and in
/// diagnostic-log containers (<c>insights-activity-logs</c>, <c>insights-logs-*</c>) are read: an event is
/// untrusted input and must not make the handler fetch arbitrary URLs with its identity.
/// </summary>
public sealed class LogBlobReader
{
    /// <summary>Largest blob read (Azure Monitor writes one blob per resource and hour).</summary>
    public const long DefaultMaxBlobBytes = 1L << 30;

    private const string ActivityLogContainer = "insights-activity-logs";
    private const string ResourceLogContainerPrefix = "insights-logs-";

    private readonly HashSet<string> _allowedHosts;
    private readonly bool _allowHttp;
    private readonly long _maxBlobBytes;
    private readonly Func<Uri, BlobServiceClient?> _serviceFor;
    private readonly ConcurrentDictionary<Uri, BlobServiceClient?> _services = new();

    private LogBlobReader(IEnumerable<string> allowedHosts, bool allowHttp, long maxBlobBytes, Func<Uri, BlobServiceClient?> serviceFor)
    {
        _allowedHosts = new HashSet<string>(allowedHosts.Select(h => h.Trim()).Where(h => h.Length > 0), StringComparer.OrdinalIgnoreCase);
        _allowHttp = allowHttp;
        _maxBlobBytes = maxBlobBytes;
        _serviceFor = serviceFor;
    }

    /// <summary>Reads with the managed identity (needs Storage Blob Data Reader on the log containers).</summary>
    /// <param name="allowedHosts">Blob hosts, e.g. <c>mylogs.blob.core.windows.net</c> (host:port for emulators).</param>
    /// <param name="credential">The handler's managed identity.</param>
    /// <param name="options">Client options (retries, tests' transport).</param>
    /// <param name="maxBlobBytes">Larger blobs are refused.</param>
    public static LogBlobReader WithCredential(IEnumerable<string> allowedHosts, TokenCredential credential,
        BlobClientOptions? options = null, long maxBlobBytes = DefaultMaxBlobBytes)
    {
        var clientOptions = options ?? BlobClientFactory.ClientOptions();
        // Bearer tokens only travel over https: http URLs are refused before a client is made.
        return new LogBlobReader(allowedHosts, allowHttp: false, maxBlobBytes, serviceUri => new BlobServiceClient(serviceUri, credential, clientOptions));
    }

    /// <summary>
    /// Development and tests only: reads the one account of <paramref name="connectionString"/> (http allowed, for
    /// Azurite); URLs of any other account are refused.
    /// </summary>
    public static LogBlobReader WithConnectionString(IEnumerable<string> allowedHosts, string connectionString, bool development,
        BlobClientOptions? options = null, long maxBlobBytes = DefaultMaxBlobBytes)
    {
        if (!development)
        {
            throw new StorageConfigurationException("TRAILNORM_SOURCE_CONNECTION_STRING is for development only (TRAILNORM_DEVELOPMENT_MODE=true); use the managed identity");
        }

        var service = BlobClientFactory.ServiceClient(connectionString, "TRAILNORM_SOURCE_CONNECTION_STRING", options);
        var serviceUri = Trimmed(service.Uri);
        return new LogBlobReader(allowedHosts, allowHttp: true, maxBlobBytes, uri => uri == serviceUri ? service : null);
    }

    /// <summary>
    /// A stream of the blob at <paramref name="blobUrl"/>, or null with <paramref name="reason"/> when it may not be read
    /// (host or container not allowed, malformed URL, too large) or does not exist; the caller quarantines the event.
    /// Throws when storage fails in a way a retry may cure.
    /// </summary>
    public Stream? Open(Uri blobUrl, out string? reason)
    {
        reason = Refusal(blobUrl, out var parts);
        if (reason is not null)
        {
            return null;
        }

        var serviceUri = ServiceUri(parts);
        var service = _services.GetOrAdd(serviceUri, _serviceFor);
        if (service is null)
        {
            reason = $"blob account {serviceUri} is not the account of the configured source connection string";
            return null;
        }

        var blob = service.GetBlobContainerClient(parts.BlobContainerName).GetBlobClient(parts.BlobName);
        try
        {
            var download = blob.DownloadStreaming().Value;
            if (download.Details.ContentLength > _maxBlobBytes)
            {
                download.Dispose();
                reason = $"log blob is {download.Details.ContentLength} bytes, above the {_maxBlobBytes}-byte limit";
                return null;
            }

            return download.Content;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            reason = $"log blob not found ({ex.ErrorCode ?? "404"})";
            return null;
        }
    }

    private string? Refusal(Uri url, out BlobUriBuilder parts)
    {
        parts = null!;
        if (!url.IsAbsoluteUri)
        {
            return "blob URL is not absolute";
        }

        if (url.Scheme != Uri.UriSchemeHttps && !(_allowHttp && url.Scheme == Uri.UriSchemeHttp))
        {
            return $"blob URL must use https: {url.Scheme}";
        }

        if (url.UserInfo.Length > 0 || url.Query.Length > 0 || url.Fragment.Length > 0)
        {
            return "blob URL must not carry credentials, a query or a fragment";
        }

        if (!_allowedHosts.Contains(url.Authority))
        {
            return $"storage account host {url.Authority} is not in TRAILNORM_SOURCE_ACCOUNTS";
        }

        parts = new BlobUriBuilder(url);
        string container = parts.BlobContainerName;
        if (container != ActivityLogContainer && !(container.StartsWith(ResourceLogContainerPrefix, StringComparison.Ordinal) && container.Length > ResourceLogContainerPrefix.Length))
        {
            return $"container '{container}' is not a diagnostic-log container (insights-activity-logs, insights-logs-*)";
        }

        return string.IsNullOrEmpty(parts.BlobName) ? "blob URL names no blob" : null;
    }

    private static Uri ServiceUri(BlobUriBuilder parts) =>
        Trimmed(new BlobUriBuilder(parts.ToUri()) { BlobContainerName = "", BlobName = "" }.ToUri());

    private static Uri Trimmed(Uri uri) => new(uri.GetLeftPart(UriPartial.Path).TrimEnd('/'));
}
