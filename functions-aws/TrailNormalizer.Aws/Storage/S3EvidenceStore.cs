using System.Net;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using TrailNormalizer.Core.Evidence;

namespace TrailNormalizer.Aws.Storage;

/// <summary>
/// Evidence in an S3 bucket with Object Lock. Every object is written create-only (<c>If-None-Match: *</c>; 412 means
/// the key exists) and locked in COMPLIANCE mode until its retention date, with SHA-256 and MD5 checksum headers
/// computed up front and sent without chunked encoding (Object Lock requires a checksum; radosgw rejects the SDK's
/// default trailing checksum). With a KMS key id every PUT asks for SSE-KMS with that key.
/// Known gap: Ceph radosgw 16 (the local test server) honours <c>If-None-Match: *</c> only in unversioned buckets; in
/// a versioned (Object Lock) bucket it stores a new version instead of answering 412 (the first version stays locked).
/// Create-only is enforced by S3 itself and tested against a fake that answers 412 like S3.
/// Bucket requirements (Object Lock enabled) are checked once at start-up by <see cref="ObjectLockCheck"/>.
/// </summary>
public sealed class S3EvidenceStore : IEvidenceStore
{
    private readonly IAmazonS3 _s3;
    private readonly S3EvidenceStoreOptions _options;
    private readonly RetryPolicy _retry;

    public S3EvidenceStore(IAmazonS3 s3, S3EvidenceStoreOptions options, RetryPolicy retry)
    {
        _s3 = s3;
        _options = options;
        _retry = retry;
    }

    public string Bucket => _options.Bucket;

    public void Put(string key, ReadOnlyMemory<byte> content, DateTimeOffset retainUntil)
    {
        string objectKey = ObjectKey(key);
        byte[] sha256 = SHA256.HashData(content.Span);
        string md5 = ContentMd5(content.Span);
        int attempts = 0;
        try
        {
            _retry.Run($"PUT s3://{Bucket}/{objectKey}", async cancel =>
            {
                attempts++;
                return await _s3.PutObjectAsync(PutRequest(objectKey, content, retainUntil, sha256, md5), cancel).ConfigureAwait(false);
            });
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            // After a failed attempt, 412 may mean that attempt was stored but its answer was lost.
            if (attempts > 1 && StoredHash(objectKey).AsSpan().SequenceEqual(sha256))
            {
                return;
            }

            throw new EvidenceExistsException(key);
        }
    }

    public Stream OpenRead(string key)
    {
        string objectKey = ObjectKey(key);
        try
        {
            return OpenObject(objectKey);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            throw new FileNotFoundException($"evidence object not found: {key}", key, ex);
        }
    }

    /// <summary>
    /// Pages through ListObjectsV2. S3 lists in UTF-8 byte order, which is ordinal order for evidence keys
    /// (they are ASCII by construction, see <see cref="EvidenceKeys.Safe"/>).
    /// </summary>
    public IEnumerable<string> List(string prefix)
    {
        string fullPrefix = _options.Prefix + prefix;
        string? continuation = null;
        do
        {
            var request = new ListObjectsV2Request
            {
                BucketName = Bucket,
                Prefix = fullPrefix,
                MaxKeys = _options.ListPageSize,
                ContinuationToken = continuation,
            };
            var page = _retry.Run($"LIST s3://{Bucket}/{fullPrefix}", cancel => _s3.ListObjectsV2Async(request, cancel));
            foreach (var item in page.S3Objects ?? [])
            {
                yield return item.Key[_options.Prefix.Length..];
            }

            continuation = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (continuation is not null);
    }

    public bool Exists(string key)
    {
        string objectKey = ObjectKey(key);
        try
        {
            _retry.Run($"HEAD s3://{Bucket}/{objectKey}", cancel => _s3.GetObjectMetadataAsync(Bucket, objectKey, cancel));
            return true;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private PutObjectRequest PutRequest(string objectKey, ReadOnlyMemory<byte> content, DateTimeOffset retainUntil, byte[] sha256, string md5)
    {
        var request = new PutObjectRequest
        {
            BucketName = Bucket,
            Key = objectKey,
            InputStream = AsStream(content),
            AutoCloseStream = true,
            IfNoneMatch = "*",
            ObjectLockMode = ObjectLockMode.Compliance,
            ObjectLockRetainUntilDate = retainUntil.UtcDateTime,
            ChecksumSHA256 = Convert.ToBase64String(sha256),
            MD5Digest = md5,
            UseChunkEncoding = false,
        };
        if (_options.KmsKeyId is not null)
        {
            request.ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS;
            request.ServerSideEncryptionKeyManagementServiceKeyId = _options.KmsKeyId;
        }

        return request;
    }

    private ObjectStream OpenObject(string objectKey)
    {
        var response = _retry.Run($"GET s3://{Bucket}/{objectKey}", cancel => _s3.GetObjectAsync(Bucket, objectKey, cancel));
        return new ObjectStream(response);
    }

    private byte[] StoredHash(string objectKey)
    {
        using var stream = OpenObject(objectKey);
        return SHA256.HashData(stream);
    }

    private string ObjectKey(string key)
    {
        EvidenceKeys.EnsureSafe(key);
        return _options.Prefix + key;
    }

    private static MemoryStream AsStream(ReadOnlyMemory<byte> content) =>
        MemoryMarshal.TryGetArray(content, out var segment) && segment.Array is not null
            ? new MemoryStream(segment.Array, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);

    // Content-MD5 is what every S3 implementation verifies on PUT (and what Object Lock accepts as its checksum);
    // it guards the transfer, not secrets. SHA-256 travels beside it.
#pragma warning disable CA5351
    private static string ContentMd5(ReadOnlySpan<byte> content) => Convert.ToBase64String(MD5.HashData(content));
#pragma warning restore CA5351
}
