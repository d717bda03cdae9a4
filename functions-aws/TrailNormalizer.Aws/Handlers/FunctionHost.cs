using Amazon;
using Amazon.KeyManagementService;
using TrailNormalizer.Aws.Configuration;
using TrailNormalizer.Aws.Runtime;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Mapping.Aws.Sns;
using TrailNormalizer.Core.Rules;
using TrailNormalizer.Core.Sources;

namespace TrailNormalizer.Aws.Handlers;

/// <summary>The deployment cannot work as configured (e.g. the evidence bucket has no Object Lock).</summary>
public sealed class FunctionConfigurationException(string message) : Exception(message);

/// <summary>
/// The function this process serves, with the clients it owns (S3, KMS, HTTPS for SNS certificates), built
/// once at start-up and reused by every invocation.
/// </summary>
public sealed class FunctionHost : IDisposable
{
    private readonly List<IDisposable> _owned;

    private FunctionHost(string name, IInvocationHandler handler, List<IDisposable> owned)
    {
        Name = name;
        Handler = handler;
        _owned = owned;
    }

    public string Name { get; }

    public IInvocationHandler Handler { get; }

    public static async Task<FunctionHost> CreateAsync(LambdaSettings settings, JsonLog log, TimeProvider time, CancellationToken cancellation)
    {
        var owned = new List<IDisposable>();
        try
        {
            var store = CreateStore(settings, owned);
            if (settings.Function == LambdaFunction.Seal)
            {
                var kms = KmsClient(settings);
                owned.Add(kms);
                var signer = await KmsCheckpointSigner.CreateAsync(kms, settings.SigningKeyId!, cancellation).ConfigureAwait(false);
                return new FunctionHost("seal", new SealHandler(store, signer, settings.LogOrigin, settings.Retention, time), owned);
            }

            var handlerOptions = SqsRouting.Options(CreateObjectSource(settings, owned), settings.SourceBuckets, CertificateSource(settings, owned), settings.SnsTopics);
            var writerOptions = new EvidenceWriterOptions { Producer = "trailnorm-lambda", Retention = settings.Retention };
            return new FunctionHost("sqs", new SqsHandler(store, handlerOptions, writerOptions, BuiltInRules.Load(), time), owned);
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
        var config = new AmazonKeyManagementServiceConfig { RegionEndpoint = RegionEndpoint.GetBySystemName(settings.Region) };
        if (settings.KmsEndpoint is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = settings.Region;
        }

        return new AmazonKeyManagementServiceClient(config);
    }

    private static IEvidenceStore CreateStore(LambdaSettings settings, List<IDisposable> owned) =>
        throw new FunctionConfigurationException($"the S3 evidence store is not wired yet (bucket {settings.EvidenceBucket}, {owned.Count} clients)");

    private static IObjectSource CreateObjectSource(LambdaSettings settings, List<IDisposable> owned) =>
        throw new FunctionConfigurationException($"the S3 object source is not wired yet ({settings.SourceBuckets.Count} buckets, {owned.Count} clients)");
}
