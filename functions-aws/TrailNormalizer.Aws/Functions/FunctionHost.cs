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
/// once and reused by every invocation. Building it refuses an evidence bucket without Object Lock; the check runs
/// alongside the rest of the build (the built-in rules' parse, the KMS key), and no handler exists unless it passed.
/// </summary>
public sealed class FunctionHost : IDisposable
{
    private readonly List<IDisposable> _owned;

    private FunctionHost(string name, IInvocationHandler handler, List<IDisposable> owned, StartupTimes times)
    {
        Name = name;
        Handler = handler;
        _owned = owned;
        Times = times;
    }

    public string Name { get; }

    public IInvocationHandler Handler { get; }

    /// <summary>How long the build's parts took, logged when the function is ready.</summary>
    public StartupTimes Times { get; }

    /// <summary>Builds the function; <paramref name="deadline"/> is what the storage retries honour (the loop sets it for each invocation).</summary>
    public static async Task<FunctionHost> CreateAsync(LambdaSettings settings, InvocationDeadline deadline, TimeProvider time, CancellationToken cancellation)
    {
        var owned = new List<IDisposable>();
        var rules = settings.Function == LambdaFunction.Sqs ? Timed(time, BuiltInRules.Load, cancellation) : null;
        try
        {
            var retry = new RetryPolicy(() => deadline.Current);
            var s3 = S3ClientFactory.Create(settings.Region, settings.S3Endpoint?.GetLeftPart(UriPartial.Authority));
            owned.Add(s3);
            var objectLockCheck = Timed(time, () => ObjectLockCheck.Ensure(s3, settings.EvidenceBucket, retry), cancellation);
            var store = new S3EvidenceStore(s3, new S3EvidenceStoreOptions(settings.EvidenceBucket, settings.EvidencePrefix, settings.KmsDataKeyId), retry);

            if (settings.Function == LambdaFunction.Seal)
            {
                var kms = KmsClient(settings);
                owned.Add(kms);
                var signing = KmsCheckpointSigner.CreateAsync(kms, settings.SigningKeyId!, cancellation);
                var (calls, checkTime) = await objectLockCheck.ConfigureAwait(false);
                var signer = await signing.ConfigureAwait(false);
                var seal = new SealFunction(store, signer, settings.LogOrigin, settings.Retention, time);
                // Witness copies and findings to SNS, when configured, run after each seal.
                var sealThenFollowUps = SealFollowUpsSetup.Wrap(seal, settings, s3, store, retry, time, Environment.GetEnvironmentVariable, owned);
                return new FunctionHost("seal", sealThenFollowUps, owned, new StartupTimes(checkTime, calls, TimeSpan.Zero));
            }

            var handlerOptions = SqsRouting.Options(new S3ObjectSource(s3, settings.SourceBuckets, retry), CertificateSource(settings, owned), settings.SnsTopics);
            var (lockCalls, lockCheckTime) = await objectLockCheck.ConfigureAwait(false);
            var (ruleSet, rulesTime) = await rules!.ConfigureAwait(false);
            var ingest = SqsRouting.Ingest(store, handlerOptions, settings.Retention, ruleSet, time, settings.Escalation, defaultEscalation: false);
            return new FunctionHost("sqs", new SqsFunction(ingest), owned, new StartupTimes(lockCheckTime, lockCalls, rulesTime));
        }
        catch
        {
            owned.ForEach(o => o.Dispose());
            throw;
        }
    }

    public void Dispose() => _owned.ForEach(o => o.Dispose());

    /// <summary>
    /// Runs <paramref name="work"/> on a thread of its own and times it. Not on the thread pool: the check blocks on its
    /// S3 calls and the rules' parse is CPU work, and on a small pool they would starve the Runtime API's first request.
    /// </summary>
    private static Task<(T Result, TimeSpan Time)> Timed<T>(TimeProvider time, Func<T> work, CancellationToken cancellation) =>
        OwnThread(
            () =>
            {
                long started = time.GetTimestamp();
                var result = work();
                return (result, time.GetElapsedTime(started));
            },
            cancellation);

    private static Task<T> OwnThread<T>(Func<T> work, CancellationToken cancellation) =>
        Task.Factory.StartNew(work, cancellation, TaskCreationOptions.LongRunning, TaskScheduler.Default);

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
