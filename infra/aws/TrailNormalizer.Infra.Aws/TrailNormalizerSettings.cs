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

        foreach (var topic in SnsTopics)
        {
            if (!topic.StartsWith("arn:", StringComparison.Ordinal) || !topic.Contains(":sns:", StringComparison.Ordinal))
            {
                throw new ArgumentException($"snsTopics entry '{topic}' is not an SNS topic ARN.");
            }
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
