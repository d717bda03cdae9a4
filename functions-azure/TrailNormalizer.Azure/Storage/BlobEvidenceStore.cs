using System.Security.Cryptography;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using TrailNormalizer.Core.Evidence;

namespace TrailNormalizer.Azure.Storage;

/// <summary>
/// Evidence in an Azure Blob container with version-level immutability. Every object is written create-only
/// (<c>If-None-Match: *</c>) in one Put Blob request carrying a Content-MD5 and a locked immutability policy until the
/// retain-until date. Locked, not unlocked: an unlocked policy can be shortened or removed by anyone allowed to manage
/// it, which an audit trail must not allow (the same guarantee as S3 Object Lock COMPLIANCE). A locked policy can
/// only be extended. Development mode (Azurite, which answers 501 to immutability) writes without a policy and says so.
/// Uses the SDK's synchronous methods, so nothing blocks on async.
/// </summary>
public sealed class BlobEvidenceStore : IEvidenceStore
{
    /// <summary>Largest object written, in one Put Blob request (batches are cut far below it).</summary>
    public const int MaxObjectBytes = 256 * 1024 * 1024;

    /// <summary>
    /// The one rule for a blob's own policy next to the account's default policy: every blob is locked until the
    /// writer's retain-until plus this margin. The handler's TRAILNORM_RETENTION_DAYS is the default policy's period
    /// (infra/azure sets both from retentionDays, and <c>trailnorm doctor azure</c> checks they agree), so the blob's
    /// date lies at or after the default's (its creation time plus the period) unless the handler's clock runs more
    /// than a day behind storage's. A blob policy replaces a default only while that default is unlocked, so an earlier
    /// date would either be refused or shorten nothing; a later one is always allowed. The manifest's retain_until
    /// stays the writer's date, a lower bound of the lock.
    /// </summary>
    public static readonly TimeSpan ClockSkewMargin = TimeSpan.FromDays(1);

    // A random id per Put: if a retried request finds the blob already written, this tells our own earlier attempt
    // (whose answer was lost) from someone else's object.
    internal const string WriteIdMetadata = "trailnormwriteid";

    private readonly BlobContainerClient _container;
    private readonly string _prefix;
    private readonly bool _worm;
    private readonly Action<string> _log;
    private readonly int _listPageSize;

    /// <param name="container">The evidence container.</param>
    /// <param name="worm">False only in development mode after <see cref="WormCheck"/> allowed a container without immutability.</param>
    /// <param name="log">Where warnings go.</param>
    /// <param name="prefix">Optional folder for every key, e.g. <c>tenant-a/</c>.</param>
    /// <param name="listPageSize">Blobs per List page.</param>
    public BlobEvidenceStore(BlobContainerClient container, bool worm, Action<string> log, string prefix = "", int listPageSize = 5000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(listPageSize, 1);
        _container = container;
        _worm = worm;
        _log = log;
        _prefix = NormalizePrefix(prefix);
        _listPageSize = listPageSize;
    }

    /// <summary>Runs the <see cref="WormCheck"/> on <paramref name="container"/> and opens the store over it.</summary>
    public static BlobEvidenceStore Open(BlobContainerClient container, bool development, Action<string> log, string prefix = "") =>
        new(container, WormCheck.Run(container, development, log), log, prefix);

    public bool IsWorm => _worm;

    /// <summary>The date a blob written with <paramref name="retainUntil"/> is locked until (see <see cref="ClockSkewMargin"/>).</summary>
    public static DateTimeOffset LockedUntil(DateTimeOffset retainUntil) => retainUntil + ClockSkewMargin;

    public void Put(string key, ReadOnlyMemory<byte> content, DateTimeOffset retainUntil)
    {
        EvidenceKeys.EnsureSafe(key);
        if (content.Length > MaxObjectBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(content), content.Length, $"evidence objects are limited to {MaxObjectBytes} bytes: {key}");
        }

        string writeId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var blob = _container.GetBlobClient(_prefix + key);
        try
        {
            blob.Upload(BinaryData.FromBytes(content), UploadOptions(key, retainUntil, writeId));
        }
        catch (RequestFailedException ex) when (IsAlreadyThere(ex))
        {
            if (!WrittenBy(blob, writeId))
            {
                throw new EvidenceExistsException(key);
            }
        }

        if (!_worm && key.EndsWith(EvidenceKeys.BatchSuffix, StringComparison.Ordinal))
        {
            _log($"WARNING: {WormCheck.NotWormWarning}: {key} is stored without an immutability policy");
        }
    }

    public Stream OpenRead(string key)
    {
        EvidenceKeys.EnsureSafe(key);
        try
        {
            return _container.GetBlobClient(_prefix + key).DownloadStreaming().Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw new FileNotFoundException($"evidence object not found: {key}", key);
        }
    }

    /// <remarks>
    /// Blob storage lists names in UTF-8 byte order, which is ordinal (UTF-16) order for every name the evidence
    /// layout produces (ASCII only); pages are fetched as the enumeration goes, never all at once.
    /// </remarks>
    public IEnumerable<string> List(string prefix)
    {
        var options = new GetBlobsOptions { Prefix = _prefix + prefix };
        foreach (var page in _container.GetBlobs(options).AsPages(pageSizeHint: _listPageSize))
        {
            foreach (var item in page.Values)
            {
                yield return item.Name[_prefix.Length..];
            }
        }
    }

    public bool Exists(string key)
    {
        EvidenceKeys.EnsureSafe(key);
        return _container.GetBlobClient(_prefix + key).Exists().Value;
    }

    internal BlobUploadOptions UploadOptions(string key, DateTimeOffset retainUntil, string writeId) => new()
    {
        Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
        HttpHeaders = new BlobHttpHeaders { ContentType = ContentTypeOf(key) },
        Metadata = new Dictionary<string, string>(StringComparer.Ordinal) { [WriteIdMetadata] = writeId },
        ImmutabilityPolicy = _worm ? new BlobImmutabilityPolicy { ExpiresOn = LockedUntil(retainUntil), PolicyMode = BlobImmutabilityPolicyMode.Locked } : null,
        TransferValidation = new UploadTransferValidationOptions { ChecksumAlgorithm = StorageChecksumAlgorithm.MD5 },
        // One Put Blob request: create-only, hash and policy apply to the whole object at once.
        TransferOptions = new StorageTransferOptions { InitialTransferSize = MaxObjectBytes, MaximumTransferSize = MaxObjectBytes, MaximumConcurrency = 1 },
    };

    private static bool IsAlreadyThere(RequestFailedException ex) =>
        ex.Status == 412
        || (ex.Status == 409 && ex.ErrorCode is "BlobAlreadyExists" or "BlobImmutableDueToPolicy" or "ConditionNotMet");

    private static bool WrittenBy(BlobClient blob, string writeId)
    {
        try
        {
            return blob.GetProperties().Value.Metadata.TryGetValue(WriteIdMetadata, out string? id) && id == writeId;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
    }

    private static string ContentTypeOf(string key) =>
        key.EndsWith(".gz", StringComparison.Ordinal) ? "application/gzip"
        : key.EndsWith(".json", StringComparison.Ordinal) ? "application/json"
        : "text/plain; charset=utf-8";

    private static string NormalizePrefix(string prefix)
    {
        if (prefix.Length == 0)
        {
            return "";
        }

        string folder = prefix.TrimEnd('/');
        EvidenceKeys.EnsureSafe(folder);
        return folder + "/";
    }
}
