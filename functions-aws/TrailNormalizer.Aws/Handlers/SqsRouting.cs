using TrailNormalizer.Core.Mapping;
using TrailNormalizer.Core.Mapping.Aws.Sns;
using TrailNormalizer.Core.Sources;

namespace TrailNormalizer.Aws.Handlers;

/// <summary>What the Core's record handlers get in the Lambda: S3 pointers resolved through the object source
/// (which reads only the configured source buckets), SNS envelopes always verified and limited to the allowed topics.</summary>
public static class SqsRouting
{
    /// <summary>Stands for "no topic": the Core treats an empty allow-list as "all topics", the Lambda as "none".</summary>
    private const string NoTopicAllowed = "(no SNS topic is allowed: set TRAILNORM_SNS_TOPICS)";

    public static RecordHandlerOptions Options(IObjectSource objects, ISnsCertificateSource certificates, IReadOnlySet<string> snsTopics) =>
        new()
        {
            ObjectSource = objects,
            SnsCertificates = certificates,
            SnsAllowedTopics = snsTopics.Count > 0
                ? snsTopics.ToHashSet(StringComparer.Ordinal)
                : new HashSet<string>(StringComparer.Ordinal) { NoTopicAllowed },
        };
}
