using TrailNormalizer.Core.Evidence;

namespace TrailNormalizer.Aws.Configuration;

/// <summary>Which function this process serves (the Lambda function's Handler setting, read from <c>_HANDLER</c>).</summary>
public enum LambdaFunction
{
    /// <summary>The SQS-triggered normalizer.</summary>
    Sqs,

    /// <summary>The scheduled sealer.</summary>
    Seal,
}

/// <summary>A configuration value is missing or wrong; the runtime reports it as an init error and exits.</summary>
public sealed class LambdaSettingsException(string message) : Exception(message);

/// <summary>
/// The function's configuration, read once at start-up from the environment variables Lambda and the
/// deployment set (see the contract in the README). Every problem is reported at once, by variable name.
/// </summary>
public sealed record LambdaSettings
{
    public required LambdaFunction Function { get; init; }

    public required string Region { get; init; }

    public required string EvidenceBucket { get; init; }

    public string EvidencePrefix { get; init; } = "";

    /// <summary>When set, every evidence PUT is encrypted with this KMS key (SSE-KMS).</summary>
    public string? KmsDataKeyId { get; init; }

    /// <summary>The KMS ECC_NIST_P256 key that signs checkpoints; required by the seal function.</summary>
    public string? SigningKeyId { get; init; }

    public required string LogOrigin { get; init; }

    public RetentionPolicy Retention { get; init; } = RetentionPolicy.Default;

    /// <summary>From which rule level a match becomes a detection finding (TRAILNORM_ESCALATION_LEVEL, default high; null: none).</summary>
    public Core.Rules.Escalation.EscalationOptions? Escalation { get; init; } = new();

    /// <summary>SNS TopicArns whose envelopes are accepted; empty means none.</summary>
    public IReadOnlySet<string> SnsTopics { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Buckets that S3 pointers may name (e.g. the CloudTrail bucket); others are quarantined.</summary>
    public IReadOnlySet<string> SourceBuckets { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    // Seal follow-ups (witness copies, findings to SNS); each is off while its variable is unset.

    /// <summary>A second bucket (ideally another account's, with Object Lock) that receives a copy of every checkpoint.</summary>
    public string? WitnessBucket { get; init; }

    /// <summary>Key prefix of the checkpoint copies in <see cref="WitnessBucket"/>; empty or ending in '/'.</summary>
    public string WitnessPrefix { get; init; } = "";

    /// <summary>SNS topic the seal function publishes escalated detection findings to.</summary>
    public string? FindingsTopicArn { get; init; }

    /// <summary>Test-only: an SNS endpoint, e.g. a loopback fake.</summary>
    public Uri? SnsEndpoint { get; init; }

    /// <summary>Test-only: an S3-compatible endpoint (path-style), e.g. radosgw on loopback.</summary>
    public Uri? S3Endpoint { get; init; }

    /// <summary>Test-only: a KMS endpoint, e.g. a loopback fake.</summary>
    public Uri? KmsEndpoint { get; init; }

    /// <summary>Test-only: SNS signing certificates read from this folder instead of fetched from SNS.</summary>
    public string? SnsCertDirectory { get; init; }

    /// <summary>Reads the settings through <paramref name="environment"/> (a variable name → its value or null).</summary>
    /// <exception cref="LambdaSettingsException">One line per problem.</exception>
    public static LambdaSettings Read(Func<string, string?> environment)
    {
        var problems = new List<string>();
        string? Value(string name) => environment(name) is { } v && v.Trim().Length > 0 ? v.Trim() : null;
        string Required(string name, string why)
        {
            string? v = Value(name);
            if (v is null)
            {
                problems.Add($"{name} is not set ({why})");
            }

            return v ?? "";
        }

        var function = Value("_HANDLER") switch
        {
            "sqs" => LambdaFunction.Sqs,
            "seal" => LambdaFunction.Seal,
            var other => Unknown(other),
        };
        LambdaFunction Unknown(string? handler)
        {
            problems.Add(handler is null ? "_HANDLER is not set (expected 'sqs' or 'seal')" : $"_HANDLER '{handler}' is unknown (expected 'sqs' or 'seal')");
            return LambdaFunction.Sqs;
        }

        string region = Required("AWS_REGION", "the region of the evidence bucket and KMS keys");
        string bucket = Required("TRAILNORM_EVIDENCE_BUCKET", "the S3 bucket with Object Lock that receives the evidence");
        string? signingKey = Value("TRAILNORM_SIGNING_KEY_ID");
        if (function == LambdaFunction.Seal && signingKey is null)
        {
            problems.Add("TRAILNORM_SIGNING_KEY_ID is not set (the seal function signs checkpoints with this KMS ECC_NIST_P256 key)");
        }

        var retention = RetentionPolicy.Default;
        if (Value("TRAILNORM_RETENTION_DAYS") is { } daysText)
        {
            if (RetentionPolicy.TryParseDays(daysText, out var configured, out string? problem))
            {
                retention = configured;
            }
            else
            {
                problems.Add($"TRAILNORM_RETENTION_DAYS {problem}");
            }
        }

        string prefix = Value("TRAILNORM_EVIDENCE_PREFIX") ?? "";
        if (prefix.Length > 0 && (prefix.StartsWith('/') || prefix.Split('/').Any(p => p is "." or "..")))
        {
            problems.Add($"TRAILNORM_EVIDENCE_PREFIX '{prefix}' must be a relative key prefix without '.' or '..' segments");
        }

        var settings = new LambdaSettings
        {
            Function = function,
            Region = region,
            EvidenceBucket = bucket,
            EvidencePrefix = prefix,
            KmsDataKeyId = Value("TRAILNORM_KMS_DATA_KEY_ID"),
            SigningKeyId = signingKey,
            LogOrigin = Value("TRAILNORM_LOG_ORIGIN") ?? $"trailnormalizer/{bucket}",
            Retention = retention,
            Escalation = EscalationSetting(Value("TRAILNORM_ESCALATION_LEVEL"), problems),
            SnsTopics = List(Value("TRAILNORM_SNS_TOPICS")),
            SourceBuckets = List(Value("TRAILNORM_SOURCE_BUCKETS")),
            S3Endpoint = Endpoint("TRAILNORM_S3_ENDPOINT", Value("TRAILNORM_S3_ENDPOINT"), problems),
            KmsEndpoint = Endpoint("TRAILNORM_KMS_ENDPOINT", Value("TRAILNORM_KMS_ENDPOINT"), problems),
            SnsCertDirectory = Value("TRAILNORM_SNS_CERT_DIR"),
            WitnessBucket = Value("TRAILNORM_WITNESS_BUCKET"),
            WitnessPrefix = Value("TRAILNORM_WITNESS_PREFIX") ?? "",
            FindingsTopicArn = Value("TRAILNORM_FINDINGS_TOPIC_ARN"),
            SnsEndpoint = Endpoint("TRAILNORM_SNS_ENDPOINT", Value("TRAILNORM_SNS_ENDPOINT"), problems),
        };
        FollowUpProblems(settings, problems);
        if (settings.SnsCertDirectory is { } dir && !Directory.Exists(dir))
        {
            problems.Add($"TRAILNORM_SNS_CERT_DIR '{dir}' is not a folder");
        }

        if (problems.Count > 0)
        {
            throw new LambdaSettingsException("configuration error: " + string.Join("; ", problems));
        }

        return settings;
    }

    private static void FollowUpProblems(LambdaSettings settings, List<string> problems)
    {
        if (settings.WitnessBucket is { } witness && (witness == settings.EvidenceBucket || witness.Contains('/', StringComparison.Ordinal)))
        {
            problems.Add($"TRAILNORM_WITNESS_BUCKET '{witness}' must be a bucket name other than the evidence bucket");
        }

        if (settings.WitnessPrefix.Length > 0 && (settings.WitnessPrefix.StartsWith('/') || settings.WitnessPrefix.Split('/').Any(p => p is "." or "..")))
        {
            problems.Add($"TRAILNORM_WITNESS_PREFIX '{settings.WitnessPrefix}' must be a relative key prefix without '.' or '..' segments");
        }

        if (settings.FindingsTopicArn is { } topic && !Findings.SnsTopicArn.IsValid(topic))
        {
            problems.Add($"TRAILNORM_FINDINGS_TOPIC_ARN '{topic}' is not an SNS topic ARN (arn:<partition>:sns:<region>:<account>:<name>)");
        }
    }

    private static HashSet<string> List(string? text) =>
        (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);

    private static Uri? Endpoint(string name, string? text, List<string> problems)
    {
        if (text is null)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            problems.Add($"{name} '{text}' is not an http(s) endpoint URL");
            return null;
        }

        return uri;
    }

    private static Core.Rules.Escalation.EscalationOptions? EscalationSetting(string? text, List<string> problems)
    {
        if (!Core.Rules.Escalation.EscalationOptions.TryParseSetting(text, out var options, out string? problem))
        {
            problems.Add($"TRAILNORM_ESCALATION_LEVEL {problem}");
        }

        return options;
    }
}
