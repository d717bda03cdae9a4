using Amazon;
using Amazon.KeyManagementService;
using Amazon.S3;
using TrailNormalizer.Aws.Configuration;
using TrailNormalizer.Aws.FollowUps;
using TrailNormalizer.Aws.Runtime;
using TrailNormalizer.Aws.Storage;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Mapping.Aws.Sns;
using TrailNormalizer.Core.Rules;
using TrailNormalizer.Core.Sources;

namespace TrailNormalizer.Aws.Functions;

/// <summary>
/// The function this process serves, with the clients it owns (S3, KMS, HTTPS for SNS certificates), built
/// once at start-up and reused by every invocation. Start-up refuses an evidence bucket without Object Lock.
/// </summary>
public sealed class FunctionHost : IDisposable
{
    private readonly List<IDisposable> _owned;

    private FunctionHost(string name, IInvocationHandler handler, InvocationDeadline deadline, List<IDisposable> owned, TimeSpan objectLockCheck)
    {
        Name = name;
        Handler = handler;
        Deadline = deadline;
        _owned = owned;
        ObjectLockCheckTime = objectLockCheck;
    }

    public string Name { get; }

    public IInvocationHandler Handler { get; }

    /// <summary>The deadline the storage retries honour; the loop sets it for each invocation.</summary>
    public InvocationDeadline Deadline { get; }

    /// <summary>How long start-up spent checking the evidence bucket's Object Lock (two S3 calls), logged apart from the rest of init.</summary>
    public TimeSpan ObjectLockCheckTime { get; }

    public static async Task<FunctionHost> CreateAsync(LambdaSettings settings, TimeProvider time, CancellationToken cancellation)
    {
        var owned = new List<IDisposable>();
        try
        {
            var deadline = new InvocationDeadline(time);
            var retry = new RetryPolicy(() => deadline.Current);
            var s3 = S3ClientFactory.Create(settings.Region, settings.S3Endpoint?.GetLeftPart(UriPartial.Authority));
            owned.Add(s3);
            long checkStarted = time.GetTimestamp();
            ObjectLockCheck.Ensure(s3, settings.EvidenceBucket, retry);
            var objectLockCheck = time.GetElapsedTime(checkStarted);
            var store = new S3EvidenceStore(s3, new S3EvidenceStoreOptions(settings.EvidenceBucket, settings.EvidencePrefix, settings.KmsDataKeyId), retry);

            if (settings.Function == LambdaFunction.Seal)
            {
                var kms = KmsClient(settings);
                owned.Add(kms);
                var signer = await KmsCheckpointSigner.CreateAsync(kms, settings.SigningKeyId!, cancellation).ConfigureAwait(false);
                var seal = new SealFunction(store, signer, settings.LogOrigin, settings.Retention, time);
                // Witness copies and findings to SNS, when configured, run after each seal.
                var sealThenFollowUps = SealFollowUpsSetup.Wrap(seal, settings, s3, store, retry, time, Environment.GetEnvironmentVariable, owned);
                return new FunctionHost("seal", sealThenFollowUps, deadline, owned, objectLockCheck);
            }

            var handlerOptions = SqsRouting.Options(new S3ObjectSource(s3, settings.SourceBuckets, retry), CertificateSource(settings, owned), settings.SnsTopics);
            return new FunctionHost("sqs", new SqsFunction(SqsRouting.Ingest(store, handlerOptions, settings.Retention, BuiltInRules.Load(), time, settings.Escalation, defaultEscalation: false)), deadline, owned, objectLockCheck);
        }
        catch
        {
            owned.ForEach(o => o.Dispose());
            throw;
        }
    }

    public void Dispose() => _owned.ForEach(o => o.Dispose());

    private static ISnsCertificateSource CertificateSource(LambdaSettings settings, List<IDisposable> owned)
    {
        // Test-only folder of PEM files; the SigningCertURL is validated by the Core either way.
        ISnsCertificateSource source = settings.SnsCertDirectory is { } dir ? new PemFolderCertificateSource(dir) : new HttpsCertificateSource();
        owned.Add((IDisposable)source);
        return source;
    }

    private static AmazonKeyManagementServiceClient KmsClient(LambdaSettings settings)
    {
        var config = new AmazonKeyManagementServiceConfig { Timeout = TimeSpan.FromSeconds(10), ConnectTimeout = TimeSpan.FromSeconds(5) };
        if (settings.KmsEndpoint is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = settings.Region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(settings.Region);
        }

        return new AmazonKeyManagementServiceClient(config);
    }
}
