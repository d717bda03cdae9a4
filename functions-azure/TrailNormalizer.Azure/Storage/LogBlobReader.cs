using System.Collections.Concurrent;
using System.Globalization;
using Azure;
using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using TrailNormalizer.Azure.Functions;

namespace TrailNormalizer.Azure.Storage;

/// <summary>
/// Reads the Azure Monitor diagnostic-log blobs (JSON lines that Azure Monitor appends to for an hour, or older
/// <c>{"records":[...]}</c> documents) by byte range, streamed, and lists the recently modified ones. Only blobs in
/// allowed storage accounts (TRAILNORM_SOURCE_ACCOUNTS) and in diagnostic-log containers (<c>insights-activity-logs</c>,
/// <c>insights-logs-*</c>) are read: an event is untrusted input and must not make the handler fetch arbitrary URLs
/// with its identity.
/// </summary>
public sealed class LogBlobReader
{
    private const string ActivityLogContainer = "insights-activity-logs";
    private const string ResourceLogContainerPrefix = "insights-logs-";

    private readonly HashSet<string> _allowedHosts;
    private readonly bool _allowHttp;
    private readonly Func<Uri, BlobServiceClient?> _serviceFor;
    private readonly Func<LogBlobReader, IEnumerable<BlobServiceClient>> _accounts;
    private readonly ConcurrentDictionary<Uri, BlobServiceClient?> _services = new();

    private LogBlobReader(IEnumerable<string> allowedHosts, bool allowHttp, Func<Uri, BlobServiceClient?> serviceFor, Func<LogBlobReader, IEnumerable<BlobServiceClient>> accounts)
    {
        _allowedHosts = new HashSet<string>(allowedHosts.Select(h => h.Trim()).Where(h => h.Length > 0), StringComparer.OrdinalIgnoreCase);
        _allowHttp = allowHttp;
        _serviceFor = serviceFor;
        _accounts = accounts;
    }

    /// <summary>Reads with the managed identity (needs Storage Blob Data Reader on the log containers).</summary>
    /// <param name="allowedHosts">Blob hosts, e.g. <c>mylogs.blob.core.windows.net</c> (host:port for emulators).</param>
    /// <param name="credential">The handler's managed identity.</param>
    /// <param name="options">Client options (retries, tests' transport).</param>
    public static LogBlobReader WithCredential(IEnumerable<string> allowedHosts, TokenCredential credential, BlobClientOptions? options = null)
    {
        var clientOptions = options ?? BlobClientFactory.ClientOptions();
        // Bearer tokens only travel over https: http URLs are refused before a client is made.
        return new LogBlobReader(allowedHosts, allowHttp: false, serviceUri => new BlobServiceClient(serviceUri, credential, clientOptions),
            reader => reader._allowedHosts.Order(StringComparer.Ordinal).Select(host => reader.Service(new Uri($"https://{host}"))!));
    }

    /// <summary>
    /// Development and tests only: reads the one account of <paramref name="connectionString"/> (http allowed, for
    /// Azurite); URLs of any other account are refused.
    /// </summary>
    public static LogBlobReader WithConnectionString(IEnumerable<string> allowedHosts, string connectionString, bool development,
        BlobClientOptions? options = null)
    {
        if (!development)
        {
            throw new StorageConfigurationException("TRAILNORM_SOURCE_CONNECTION_STRING is for development only (TRAILNORM_DEVELOPMENT_MODE=true); use the managed identity");
        }

        var service = BlobClientFactory.ServiceClient(connectionString, "TRAILNORM_SOURCE_CONNECTION_STRING", options);
        var serviceUri = Trimmed(service.Uri);
        return new LogBlobReader(allowedHosts, allowHttp: true, uri => uri == serviceUri ? service : null,
            reader => reader._allowedHosts.Contains(serviceUri.Authority) ? [service] : []);
    }

    /// <summary>
    /// Up to <paramref name="maxBytes"/> bytes of the blob at <paramref name="blobUrl"/> from <paramref name="offset"/> on,
    /// streamed; null with <paramref name="reason"/> when it may not be read (host or container not allowed, malformed
    /// URL), does not exist, or is shorter than <paramref name="offset"/>. Throws when storage fails in a way a retry may cure.
    /// </summary>
    public LogBlobRead? OpenFrom(Uri blobUrl, long offset, long maxBytes, out string? reason)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        reason = Refusal(blobUrl, out var parts);
        if (reason is not null)
        {
            return null;
        }

        var serviceUri = ServiceUri(parts);
        if (Service(serviceUri) is not { } service)
        {
            reason = $"blob account {serviceUri} is not the account of the configured source connection string";
            return null;
        }

        var blob = service.GetBlobContainerClient(parts.BlobContainerName).GetBlobClient(parts.BlobName);
        try
        {
            var download = blob.DownloadStreaming(new BlobDownloadOptions { Range = new HttpRange(offset, maxBytes) }).Value;
            var details = download.Details;
            long length = TotalLength(details.ContentRange) ?? offset + details.ContentLength;
            return new LogBlobRead(download.Content, offset, details.ContentLength, length, details.LastModified, details.BlobType == BlobType.Append && !details.IsSealed);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            reason = $"log blob not found ({ex.ErrorCode ?? "404"})";
            return null;
        }
        catch (RequestFailedException ex) when (ex.Status == 416)
        {
            // Nothing at or after the offset: an empty blob (an append blob is created empty), or one read to its end.
            var properties = blob.GetProperties().Value;
            if (properties.ContentLength < offset)
            {
                reason = string.Create(CultureInfo.InvariantCulture, $"log blob is {properties.ContentLength} bytes, shorter than its cursor at {offset} (replaced?)");
                return null;
            }

            return LogBlobRead.Empty(offset, properties.LastModified, properties.BlobType == BlobType.Append && !properties.IsSealed);
        }
    }

    /// <summary>
    /// The blobs of every diagnostic-log container of the allowed accounts last modified at or after <paramref name="since"/>,
    /// found by walking the folders and skipping date folders (<c>y=/m=/d=/h=</c>) outside the window.
    /// </summary>
    public IEnumerable<LogBlobInfo> ListModifiedSince(DateTimeOffset since, DateTimeOffset now)
    {
        foreach (var service in _accounts(this))
        {
            foreach (var container in service.GetBlobContainers(BlobContainerTraits.None, BlobContainerStates.None, "insights-"))
            {
                if (!IsLogContainer(container.Name))
                {
                    continue;
                }

                var client = service.GetBlobContainerClient(container.Name);
                foreach (var blob in RecentLogBlobs.In(client, since, now))
                {
                    yield return new LogBlobInfo(client.GetBlobClient(blob.Name).Uri, blob.Properties.ContentLength ?? 0, blob.Properties.LastModified ?? since);
                }
            }
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
        if (!IsLogContainer(container))
        {
            return $"container '{container}' is not a diagnostic-log container (insights-activity-logs, insights-logs-*)";
        }

        return string.IsNullOrEmpty(parts.BlobName) ? "blob URL names no blob" : null;
    }

    private static bool IsLogContainer(string container) =>
        container == ActivityLogContainer || (container.StartsWith(ResourceLogContainerPrefix, StringComparison.Ordinal) && container.Length > ResourceLogContainerPrefix.Length);

    private BlobServiceClient? Service(Uri serviceUri) => _services.GetOrAdd(serviceUri, _serviceFor);

    /// <summary>The blob's length from a Content-Range header (<c>bytes 0-99/1234</c>).</summary>
    private static long? TotalLength(string? contentRange)
    {
        int slash = contentRange?.LastIndexOf('/') ?? -1;
        return slash >= 0 && long.TryParse(contentRange.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long total) ? total : null;
    }

    private static Uri ServiceUri(BlobUriBuilder parts) =>
        Trimmed(new BlobUriBuilder(parts.ToUri()) { BlobContainerName = "", BlobName = "" }.ToUri());

    private static Uri Trimmed(Uri uri) => new(uri.GetLeftPart(UriPartial.Path).TrimEnd('/'));
}
