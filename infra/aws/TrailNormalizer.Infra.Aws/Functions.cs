using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;
using Constructs;

namespace TrailNormalizer.Infra.Aws;

/// <summary>
/// The two Lambda functions built from the one published Native AOT <c>bootstrap</c>: the handler name (<c>_HANDLER</c>)
/// picks the SQS ingest loop or the sealer. Each has its own role with the statements from <see cref="Permissions"/>.
/// </summary>
public sealed class Functions : Construct
{
    public static readonly Duration SqsTimeout = Duration.Seconds(60);
    public static readonly Duration SealTimeout = Duration.Seconds(300);
    public static readonly Duration MaxBatchingWindow = Duration.Seconds(5);
    public const int MemorySizeMb = 512;
    public const int BatchSize = 10;

    /// <summary>AWS's guidance: six times the function timeout plus the batching window, so retries do not overlap.</summary>
    public static Duration QueueVisibilityTimeout => Duration.Seconds((6 * SqsTimeout.ToSeconds()) + MaxBatchingWindow.ToSeconds());

    public Functions(Construct scope, string id, FunctionsProps props) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(props);
        var settings = props.Settings;
        var code = Code.FromAsset(RequireBootstrap(settings.BootstrapDir), new Amazon.CDK.AWS.S3.Assets.AssetOptions
        {
            // The publish folder also holds debug symbols and docs (several times the binary's size); Lambda needs neither.
            Exclude = ["*.dbg", "*.pdb", "*.xml"],
        });
        var evidence = new EvidenceTarget(props.EvidenceBucket, settings.EvidencePrefix, props.DataKey);

        SqsFunction = FunctionFor(
            "SqsFunction",
            "TrailNormalizer: SQS batches of CloudTrail/EventBridge/SNS/S3 messages to OCSF evidence",
            handler: "sqs",
            code,
            settings.Architecture,
            SqsTimeout,
            logs => Permissions.ForSqsFunction(evidence, props.Queue, props.CloudTrail, logs),
            SqsEnvironment(settings, evidence));

        _ = new EventSourceMapping(this, "SqsTrigger", new EventSourceMappingProps
        {
            Target = SqsFunction,
            EventSourceArn = props.Queue.QueueArn,
            BatchSize = BatchSize,
            MaxBatchingWindow = MaxBatchingWindow,
            ReportBatchItemFailures = true,
        });

        SealFunction = FunctionFor(
            "SealFunction",
            "TrailNormalizer: seals new evidence batches into the signed checkpoint chain",
            handler: "seal",
            code,
            settings.Architecture,
            SealTimeout,
            logs => Permissions.ForSealFunction(evidence, props.SigningKey, logs, props.Witness, props.Findings),
            SealEnvironment(settings, evidence, props.SigningKey, props.Witness, props.Findings),
            // No reservation by default: reserving any concurrency fails the deployment in accounts whose quota leaves
            // less than 100 unreserved (new accounts often have 10). Overlapping sealers are safe: the checkpoint
            // writes are create-only and the loser seals again on top of the winner (Core's Sealer).
            reservedConcurrency: settings.SealReservedConcurrency);
    }

    public Function SqsFunction { get; }

    public Function SealFunction { get; }

    private static string RequireBootstrap(string dir)
    {
        if (!File.Exists(Path.Combine(dir, "bootstrap")))
        {
            throw new ArgumentException(
                $"bootstrapDir '{Path.GetFullPath(dir)}' holds no 'bootstrap' executable. Publish it first: " +
                "dotnet publish functions-aws/TrailNormalizer.Aws -c Release -r linux-x64 (or -r linux-arm64 with -c architecture=arm64), " +
                "or pass -c bootstrapDir=<folder>.");
        }

        return dir;
    }

    /// <summary>One function on the shared bootstrap, with its own log group ("{id}Logs") and role ("{id}Role").</summary>
    private Function FunctionFor(
        string id,
        string description,
        string handler,
        Code code,
        Architecture architecture,
        Duration timeout,
        Func<LogGroup, PolicyStatement[]> statements,
        Dictionary<string, string> environment,
        double? reservedConcurrency = null)
    {
        var logs = LogGroupFor(id + "Logs");
        return new Function(this, id, new FunctionProps
        {
            Description = description,
            Handler = handler,
            Code = code,
            Runtime = Runtime.PROVIDED_AL2023,
            Architecture = architecture,
            MemorySize = MemorySizeMb,
            Timeout = timeout,
            Tracing = Tracing.ACTIVE,
            LogGroup = logs,
            ReservedConcurrentExecutions = reservedConcurrency,
            Role = RoleFor(id + "Role", statements(logs)),
            Environment = environment,
        });
    }

    private LogGroup LogGroupFor(string id) => new(this, id, new LogGroupProps
    {
        Retention = RetentionDays.ONE_YEAR,
        RemovalPolicy = RemovalPolicy.RETAIN,
    });

    private Role RoleFor(string id, PolicyStatement[] statements) => new(this, id, new RoleProps
    {
        AssumedBy = new ServicePrincipal("lambda.amazonaws.com"),
        Description = "TrailNormalizer function role (explicit least-privilege statements)",
        InlinePolicies = new Dictionary<string, PolicyDocument>
        {
            ["TrailNormalizer"] = new(new PolicyDocumentProps { Statements = statements }),
        },
    });

    private static Dictionary<string, string> CommonEnvironment(TrailNormalizerSettings settings, EvidenceTarget evidence)
    {
        var environment = new Dictionary<string, string>
        {
            ["TRAILNORM_EVIDENCE_BUCKET"] = evidence.Bucket.BucketName,
            ["TRAILNORM_KMS_DATA_KEY_ID"] = evidence.DataKey.KeyArn,
            ["TRAILNORM_RETENTION_DAYS"] = settings.RetentionDays.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (evidence.Prefix.Length > 0)
        {
            environment["TRAILNORM_EVIDENCE_PREFIX"] = evidence.Prefix;
        }

        if (settings.LogOrigin is { } origin)
        {
            environment["TRAILNORM_LOG_ORIGIN"] = origin;
        }

        return environment;
    }

    private static Dictionary<string, string> SqsEnvironment(TrailNormalizerSettings settings, EvidenceTarget evidence)
    {
        var environment = CommonEnvironment(settings, evidence);
        if (settings.SnsTopics.Count > 0)
        {
            environment["TRAILNORM_SNS_TOPICS"] = string.Join(',', settings.SnsTopics);
        }

        if (settings.CloudTrailBucket is { } bucket)
        {
            environment["TRAILNORM_SOURCE_BUCKETS"] = bucket;
        }

        return environment;
    }

    private static Dictionary<string, string> SealEnvironment(
        TrailNormalizerSettings settings, EvidenceTarget evidence, IKey signingKey, WitnessTarget? witness, FindingsTopic findings)
    {
        var environment = CommonEnvironment(settings, evidence);
        environment["TRAILNORM_SIGNING_KEY_ID"] = signingKey.KeyArn;
        environment["TRAILNORM_FINDINGS_TOPIC_ARN"] = findings.Topic.TopicArn;
        if (witness is not null)
        {
            environment["TRAILNORM_WITNESS_BUCKET"] = witness.BucketName;
            if (witness.Prefix.Length > 0)
            {
                environment["TRAILNORM_WITNESS_PREFIX"] = witness.Prefix;
            }
        }

        return environment;
    }
}
