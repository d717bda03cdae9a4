using TrailNormalizer.Core.Mapping;
using TrailNormalizer.Core.Mapping.Aws.Sns;
using TrailNormalizer.Core.Sources;

namespace TrailNormalizer.Aws.Handlers;

/// <summary>What the Core's record handlers get in the Lambda: S3 pointers resolved through the object source
/// (which reads only the configured source buckets), SNS envelopes always verified and limited to the allowed topics.</summary>
public static class SqsRouting
{
    public static RecordHandlerOptions Options(IObjectSource objects, ISnsCertificateSource certificates, IReadOnlySet<string> snsTopics) =>
        new()
        {
            ObjectSource = objects,
            SnsCertificates = certificates,
            SnsAllowedTopics = snsTopics.ToHashSet(StringComparer.Ordinal),
        };
}
