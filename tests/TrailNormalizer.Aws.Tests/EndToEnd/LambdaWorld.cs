using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using TrailNormalizer.Aws.Tests.Storage;
using TrailNormalizer.Aws.Tests.Support;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Aws.Tests.EndToEnd;

/// <summary>
/// Everything an end-to-end test drives: radosgw (an evidence bucket with Object Lock and a source bucket), a loopback
/// Runtime API, a loopback KMS, and the real bootstrap started against them with the function's environment.
/// </summary>
public sealed class LambdaWorld : IDisposable
{
    public const string Region = "us-east-1";

    private readonly List<IDisposable> _owned = [];

    public LambdaWorld(bool objectLock = true)
    {
        S3 = Radosgw.Client();
        EvidenceBucket = Radosgw.NewBucket(S3, objectLock);
        SourceBucket = Radosgw.NewBucket(S3, objectLock: false);
        Kms = new FakeKms(SigningKey);
        _owned.Add(Kms);
    }

    public AmazonS3Client S3 { get; }

    public string EvidenceBucket { get; }

    public string SourceBucket { get; }

    public string EvidencePrefix { get; init; } = "org/prod/";

    public ECDsa SigningKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public FakeKms Kms { get; }

    /// <summary>The function's environment as the deployment sets it, pointed at the local components.</summary>
    public Dictionary<string, string> Environment(string handler, FakeRuntimeApi api, string? s3Endpoint = null) => new()
    {
        ["_HANDLER"] = handler,
        ["AWS_LAMBDA_RUNTIME_API"] = api.Address,
        ["AWS_REGION"] = Region,
        ["AWS_ACCESS_KEY_ID"] = System.Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID")!,
        ["AWS_SECRET_ACCESS_KEY"] = System.Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY")!,
        ["TRAILNORM_EVIDENCE_BUCKET"] = EvidenceBucket,
        ["TRAILNORM_EVIDENCE_PREFIX"] = EvidencePrefix,
        ["TRAILNORM_RETENTION_DAYS"] = "90",
        ["TRAILNORM_SIGNING_KEY_ID"] = FakeKms.KeyArn,
        ["TRAILNORM_LOG_ORIGIN"] = "example.com/trailnorm-e2e",
        ["TRAILNORM_SNS_TOPICS"] = AwsBodies.SignedSnsTopic,
        ["TRAILNORM_SOURCE_BUCKETS"] = $"{SourceBucket},trailnorm-no-such-bucket-{EvidenceBucket[^8..]}",
        ["TRAILNORM_SNS_CERT_DIR"] = AwsBodies.SnsCertDirectory,
        ["TRAILNORM_S3_ENDPOINT"] = s3Endpoint ?? Radosgw.Endpoint,
        ["TRAILNORM_KMS_ENDPOINT"] = Kms.Url,
    };

    /// <summary>An allowed source bucket that does not exist: reading from it fails (not "no such key"), so the message must fail.</summary>
    public string MissingSourceBucket => $"trailnorm-no-such-bucket-{EvidenceBucket[^8..]}";

    /// <summary>
    /// Starts the bootstrap and waits until it asks for its first invocation and has logged that its start-up work (the
    /// Object Lock check, the rules) is done, so that a test's own S3 requests count from there.
    /// </summary>
    public async Task<ChildProcess> StartBootstrap(FakeRuntimeApi api, Dictionary<string, string> environment)
    {
        var process = BootstrapProcess.Start(environment);
        _owned.Insert(0, process);
        var giveUp = Task.Delay(TimeSpan.FromSeconds(60));
        if (await Task.WhenAny(api.FirstNext, api.InitError, giveUp) != api.FirstNext || !await LogsReady(process, giveUp))
        {
            throw new InvalidOperationException($"bootstrap did not become ready; output:\n{process.Output}");
        }

        return process;
    }

    private static async Task<bool> LogsReady(ChildProcess process, Task giveUp)
    {
        while (!process.Output.Contains("\"message\":\"ready\"", StringComparison.Ordinal))
        {
            if (giveUp.IsCompleted || process.HasExited)
            {
                return false;
            }

            await Task.Delay(10);
        }

        return true;
    }

    public void PutSourceObject(string key, byte[] content) =>
        S3.PutObjectAsync(new PutObjectRequest { BucketName = SourceBucket, Key = key, InputStream = new MemoryStream(content), UseChunkEncoding = false })
            .GetAwaiter().GetResult();

    /// <summary>Every evidence object (latest version), keyed without the evidence prefix.</summary>
    public List<string> EvidenceKeys() => ListAll().Select(k => k[EvidencePrefix.Length..]).ToList();

    /// <summary>Copies the evidence bucket under the prefix into <paramref name="folder"/> and opens it as a local store.</summary>
    public LocalEvidenceStore Download(string folder)
    {
        foreach (string key in ListAll())
        {
            string path = Path.Combine(folder, key[EvidencePrefix.Length..]);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var response = S3.GetObjectAsync(EvidenceBucket, key).GetAwaiter().GetResult();
            using var file = File.Create(path);
            response.ResponseStream.CopyTo(file);
        }

        return new LocalEvidenceStore(folder);
    }

    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        SigningKey.Dispose();
        S3.Dispose();
    }

    private List<string> ListAll()
    {
        var keys = new List<string>();
        var request = new ListObjectsV2Request { BucketName = EvidenceBucket, Prefix = EvidencePrefix };
        ListObjectsV2Response page;
        do
        {
            page = S3.ListObjectsV2Async(request).GetAwaiter().GetResult();
            keys.AddRange((page.S3Objects ?? []).Select(o => o.Key));
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);
        return keys;
    }
}
