using System.IO.Compression;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using TrailNormalizer.Aws.Storage;

namespace TrailNormalizer.Aws.Tests.Storage;

/// <summary>Reading the objects that S3 pointers name, from radosgw.</summary>
public sealed class S3ObjectSourceRadosgwTests : IDisposable
{
    private readonly AmazonS3Client _s3 = Radosgw.Client();
    private readonly string _bucket;

    public S3ObjectSourceRadosgwTests()
    {
        _bucket = Radosgw.NewBucket(_s3, objectLock: false);
    }

    public void Dispose() => _s3.Dispose();

    [Fact]
    public async Task A_gzip_log_file_is_streamed_from_an_allowed_bucket()
    {
        string text = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"{{\"eventID\":\"{i}\"}}\n"));
        using (var gz = new MemoryStream())
        {
            using (var zip = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true))
            {
                zip.Write(Encoding.UTF8.GetBytes(text));
            }

            await _s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = _bucket, Key = "AWSLogs/111122223333/CloudTrail/eu-west-1/2026/03/14/file.json.gz",
                InputStream = new MemoryStream(gz.ToArray()), UseChunkEncoding = false,
            });
        }

        var source = new S3ObjectSource(_s3, S3ObjectSource.ParseBuckets($"other-bucket, {_bucket}"), Radosgw.Retry());

        using var stream = source.Open(_bucket, "AWSLogs/111122223333/CloudTrail/eu-west-1/2026/03/14/file.json.gz", out string? missing);

        missing.Should().BeNull();
        stream.Should().NotBeNull();
        stream!.CanSeek.Should().BeFalse("the object is streamed, not buffered");
        using var reader = new StreamReader(new GZipStream(stream, CompressionMode.Decompress));
        reader.ReadToEnd().Should().Be(text);
    }

    [Fact]
    public void A_bucket_not_on_the_list_is_refused_without_a_request_and_a_missing_key_is_a_reason()
    {
        var source = new S3ObjectSource(_s3, [_bucket], Radosgw.Retry());

        source.Open("attacker-bucket", "x.json.gz", out string? refused).Should().BeNull();
        source.Open(_bucket, "no/such/key.json.gz", out string? missing).Should().BeNull();

        refused.Should().Be("bucket not allowed: attacker-bucket");
        missing.Should().Be("no such object");
    }
}
