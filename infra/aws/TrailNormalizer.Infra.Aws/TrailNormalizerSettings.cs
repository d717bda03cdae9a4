using System.Globalization;
using Amazon.CDK.AWS.Lambda;
using Constructs;

namespace TrailNormalizer.Infra.Aws;

/// <summary>
/// Deployment choices read from CDK context (<c>cdk deploy -c name=value</c> or <c>cdk.json</c>), validated at synth time.
/// </summary>
public sealed record TrailNormalizerSettings
{
    public const int MinimumRetentionDays = 90;
    public const int DefaultRetentionDays = 400;
    public const string DefaultBootstrapDir =
        "../../functions-aws/TrailNormalizer.Aws/bin/Release/net10.0/linux-x64/publish";

    /// <summary>Object Lock COMPLIANCE default retention of the evidence bucket, and what the functions apply per object.</summary>
    public int RetentionDays { get; init; } = DefaultRetentionDays;

    /// <summary>Folder holding the published Native AOT <c>bootstrap</c> executable.</summary>
    public string BootstrapDir { get; init; } = DefaultBootstrapDir;

    /// <summary>Existing CloudTrail bucket whose <c>AWSLogs/</c> object-created events feed the queue; null = EventBridge only.</summary>
    public string? CloudTrailBucket { get; init; }

    /// <summary>KMS key ARN that encrypts the CloudTrail log files, if any (the SQS function then needs kms:Decrypt on it).</summary>
    public string? CloudTrailKeyArn { get; init; }

    public bool Arm64 { get; init; }

    /// <summary>Key prefix inside the evidence bucket; empty or ending in '/'.</summary>
    public string EvidencePrefix { get; init; } = "";

    public int SealRateMinutes { get; init; } = 5;

    /// <summary>SNS topic ARNs whose envelopes the SQS function accepts.</summary>
    public IReadOnlyList<string> SnsTopics { get; init; } = [];

    /// <summary>Checkpoint origin line; null = the function's default (<c>trailnormalizer/&lt;bucket&gt;</c>).</summary>
    public string? LogOrigin { get; init; }

    /// <summary>
    /// Also route read-only management events (Get/List/Describe): EventBridge delivers them only to rules that opt in.
    /// Many more events, but reconnaissance is visible.
    /// </summary>
    public bool ReadOnlyEvents { get; init; }

    /// <summary>Create a separate bucket for S3 server access logs of the evidence bucket.</summary>
    public bool ServerAccessLogs { get; init; }

    /// <summary>
    /// Reserved concurrency of the seal function; null (the default) reserves none, because a reservation fails the
    /// deployment when the account's concurrency quota would leave fewer than 100 unreserved executions.
    /// </summary>
    public int? SealReservedConcurrency { get; init; }

    /// <summary>
    /// Also deploy a rule in us-east-1 that forwards global-service events (console sign-in, IAM, STS, Organizations…)
    /// to this stack's region, where CloudTrail never puts them on the bus. Needs an explicit region other than us-east-1.
    /// </summary>
    public bool ForwardGlobalEvents { get; init; }

    /// <summary>Existing bucket (name or ARN, ideally in another account) that receives a copy of every checkpoint.</summary>
    public string? WitnessBucket { get; init; }

    /// <summary>Create the witness bucket in this stack (Object Lock COMPLIANCE) instead of naming one.</summary>
    public bool CreateWitnessBucket { get; init; }

    /// <summary>Key prefix of the checkpoint copies in the witness bucket; empty or ending in '/'.</summary>
    public string WitnessPrefix { get; init; } = "";

    /// <summary>The witness bucket's name when one is named (an ARN reduced to its name).</summary>
    public string? WitnessBucketName => WitnessBucket is { } b && b.StartsWith("arn:", StringComparison.Ordinal) ? b[(b.LastIndexOf(':') + 1)..] : WitnessBucket;

    /// <summary>Glue database of the Athena tables over the evidence.</summary>
    public string QueryDatabaseName { get; init; } = "trailnormalizer";

    /// <summary>The <c>cloud=</c> partitions the Athena table projects (the AWS adapter writes <c>aws</c>).</summary>
    public IReadOnlyList<string> QueryClouds { get; init; } = ["aws"];

    /// <summary>The <c>account=</c> partitions the Athena table projects; empty = this stack's account only.</summary>
    public IReadOnlyList<string> QueryAccounts { get; init; } = [];

    /// <summary>The <c>region=</c> partitions the Athena table projects.</summary>
    public IReadOnlyList<string> QueryRegions { get; init; } = DefaultQueryRegions;

    /// <summary>First <c>date=</c> partition the Athena table projects (yyyy-MM-dd); the last is today.</summary>
    public string QueryStartDate { get; init; } = "2020-01-01";

    /// <summary>The Athena workgroup cancels a query that would scan more than this many GiB.</summary>
    public int QueryBytesScannedCutoffGb { get; init; } = 10;

    /// <summary>Who may assume the analyst role (an IAM role or user ARN); null = any principal of this account that IAM allows.</summary>
    public string? AnalystPrincipalArn { get; init; }

    /// <summary>
    /// The commercial AWS regions, plus <c>unknown</c> (a record without a region). A region missing here is not read
    /// by Athena: add it with <c>-c queryRegions=…</c>.
    /// </summary>
    public static readonly IReadOnlyList<string> DefaultQueryRegions =
    [
        "us-east-1", "us-east-2", "us-west-1", "us-west-2", "af-south-1", "ap-east-1", "ap-south-1", "ap-south-2",
        "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-7",
        "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2",
        "eu-west-1", "eu-west-2", "eu-west-3", "eu-south-1", "eu-south-2", "eu-north-1", "il-central-1", "me-south-1",
        "me-central-1", "mx-central-1", "sa-east-1", "unknown",
    ];

    public Architecture Architecture => Arm64 ? Architecture.ARM_64 : Architecture.X86_64;

    /// <summary>Reads every setting from the construct tree's context, applying defaults, and validates the result.</summary>
    public static TrailNormalizerSettings FromContext(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var settings = new TrailNormalizerSettings
        {
            RetentionDays = Int(node, "retentionDays", DefaultRetentionDays),
            BootstrapDir = Text(node, "bootstrapDir") ?? DefaultBootstrapDir,
            CloudTrailBucket = Text(node, "cloudTrailBucket"),
            CloudTrailKeyArn = Text(node, "cloudTrailKeyArn"),
            Arm64 = ParseArchitecture(Text(node, "architecture")),
            EvidencePrefix = Text(node, "evidencePrefix") ?? "",
            SealRateMinutes = Int(node, "sealRateMinutes", 5),
            SnsTopics = List(Text(node, "snsTopics")),
            LogOrigin = Text(node, "logOrigin"),
            ServerAccessLogs = Bool(node, "serverAccessLogs"),
            ReadOnlyEvents = Bool(node, "readOnlyEvents"),
            SealReservedConcurrency = Text(node, "sealReservedConcurrency") is null ? null : Int(node, "sealReservedConcurrency", 0),
            ForwardGlobalEvents = Bool(node, "forwardGlobalEvents"),
            WitnessBucket = Text(node, "witnessBucket"),
            CreateWitnessBucket = Bool(node, "createWitnessBucket"),
            WitnessPrefix = Text(node, "witnessPrefix") ?? "",
            QueryDatabaseName = Text(node, "queryDatabase") ?? "trailnormalizer",
            QueryClouds = Text(node, "queryClouds") is { } clouds ? List(clouds) : ["aws"],
            QueryAccounts = List(Text(node, "queryAccounts")),
            QueryRegions = Text(node, "queryRegions") is { } regions ? List(regions) : DefaultQueryRegions,
            QueryStartDate = Text(node, "queryStartDate") ?? "2020-01-01",
            QueryBytesScannedCutoffGb = Int(node, "queryBytesScannedCutoffGb", 10),
            AnalystPrincipalArn = Text(node, "analystPrincipalArn"),
        };
        settings.Validate();
        return settings;
    }

    /// <summary>Throws with a message naming the context key when a value would deploy something unsafe or broken.</summary>
    public void Validate()
    {
        if (RetentionDays < MinimumRetentionDays)
        {
            throw new ArgumentOutOfRangeException(
                nameof(RetentionDays), RetentionDays,
                $"retentionDays must be at least {MinimumRetentionDays} days of Object Lock COMPLIANCE retention; got {RetentionDays}.");
        }

        if (SealRateMinutes is < 1 or > 1440)
        {
            throw new ArgumentOutOfRangeException(nameof(SealRateMinutes), SealRateMinutes, "sealRateMinutes must be between 1 and 1440.");
        }

        if (SealReservedConcurrency is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(SealReservedConcurrency), SealReservedConcurrency, "sealReservedConcurrency must be between 1 and 1000, or unset.");
        }

        if (EvidencePrefix.Length > 0 && (!EvidencePrefix.EndsWith('/') || EvidencePrefix.StartsWith('/') || EvidencePrefix.Contains('*', StringComparison.Ordinal)))
        {
            throw new ArgumentException($"evidencePrefix must not start with '/', must end with '/' and contain no '*'; got '{EvidencePrefix}'.");
        }

        if (CloudTrailBucket is { } bucket && !IsBucketName(bucket))
        {
            throw new ArgumentException($"cloudTrailBucket '{bucket}' is not a valid S3 bucket name.");
        }

        if (CloudTrailKeyArn is { } key && (CloudTrailBucket is null || !key.StartsWith("arn:", StringComparison.Ordinal) || !key.Contains(":key/", StringComparison.Ordinal)))
        {
            throw new ArgumentException("cloudTrailKeyArn must be a KMS key ARN (arn:...:key/...) and needs cloudTrailBucket.");
        }

        ValidateQuerySettings();
        ValidateWitnessSettings();

        foreach (var topic in SnsTopics)
        {
            if (!topic.StartsWith("arn:", StringComparison.Ordinal) || !topic.Contains(":sns:", StringComparison.Ordinal))
            {
                throw new ArgumentException($"snsTopics entry '{topic}' is not an SNS topic ARN.");
            }
        }
    }

    private void ValidateWitnessSettings()
    {
        if (WitnessBucket is not null && CreateWitnessBucket)
        {
            throw new ArgumentException("witnessBucket names an existing bucket and createWitnessBucket creates one: set only one.");
        }

        if (WitnessBucket is not null && (!IsBucketName(WitnessBucketName!) || (WitnessBucket.StartsWith("arn:", StringComparison.Ordinal) && !WitnessBucket.Contains(":s3:::", StringComparison.Ordinal))))
        {
            throw new ArgumentException($"witnessBucket must be an S3 bucket name or arn:aws:s3:::NAME; got '{WitnessBucket}'.");
        }

        if (WitnessPrefix.Length > 0 && (!WitnessPrefix.EndsWith('/') || WitnessPrefix.StartsWith('/') || WitnessPrefix.Contains('*', StringComparison.Ordinal)))
        {
            throw new ArgumentException($"witnessPrefix must not start with '/', must end with '/' and contain no '*'; got '{WitnessPrefix}'.");
        }
    }

    private void ValidateQuerySettings()
    {
        if (QueryDatabaseName.Length is 0 or > 255 || !QueryDatabaseName.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
        {
            throw new ArgumentException($"queryDatabase must be lower-case letters, digits and '_'; got '{QueryDatabaseName}'.");
        }

        // Projected values become key segments; the writers reduce partition values to this alphabet too.
        foreach (var (key, values) in new[] { ("queryClouds", QueryClouds), ("queryAccounts", QueryAccounts), ("queryRegions", QueryRegions) })
        {
            if (values.Any(v => v.Length == 0 || !v.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
            {
                throw new ArgumentException($"{key} must be a comma-separated list of partition values ([A-Za-z0-9._-]); got '{string.Join(',', values)}'.");
            }
        }

        if (QueryClouds.Count == 0 || QueryRegions.Count == 0)
        {
            throw new ArgumentException("queryClouds and queryRegions must not be empty.");
        }

        if (!DateOnly.TryParseExact(QueryStartDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            throw new ArgumentException($"queryStartDate must be a date yyyy-MM-dd; got '{QueryStartDate}'.");
        }

        if (QueryBytesScannedCutoffGb is < 1 or > 100_000)
        {
            throw new ArgumentOutOfRangeException(nameof(QueryBytesScannedCutoffGb), QueryBytesScannedCutoffGb, "queryBytesScannedCutoffGb must be between 1 and 100000.");
        }

        if (AnalystPrincipalArn is { } principal && !(principal.StartsWith("arn:", StringComparison.Ordinal) && principal.Contains(":iam::", StringComparison.Ordinal)))
        {
            throw new ArgumentException($"analystPrincipalArn must be an IAM role or user ARN; got '{principal}'.");
        }
    }

    private static bool IsBucketName(string name) =>
        name.Length is >= 3 and <= 63
        && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '.')
        && char.IsAsciiLetterOrDigit(name[0]) && char.IsAsciiLetterOrDigit(name[^1]);

    private static bool ParseArchitecture(string? value) => value switch
    {
        null or "x86_64" => false,
        "arm64" => true,
        _ => throw new ArgumentException($"architecture must be 'x86_64' or 'arm64'; got '{value}'."),
    };

    private static string? Text(Node node, string key)
    {
        var value = Convert.ToString(node.TryGetContext(key), CultureInfo.InvariantCulture)?.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    private static int Int(Node node, string key, int fallback)
    {
        var text = Text(node, key);
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"{key} must be a whole number; got '{text}'.");
    }

    private static bool Bool(Node node, string key) => Text(node, key) switch
    {
        null or "false" or "False" => false,
        "true" or "True" => true,
        var other => throw new ArgumentException($"{key} must be true or false; got '{other}'."),
    };

    private static string[] List(string? text) =>
        text is null ? [] : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
