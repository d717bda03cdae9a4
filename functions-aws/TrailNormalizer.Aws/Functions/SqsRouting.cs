using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Mapping;
using TrailNormalizer.Core.Mapping.Aws.Sns;
using TrailNormalizer.Core.Pipeline;
using TrailNormalizer.Core.Rules;
using TrailNormalizer.Core.Rules.Escalation;
using TrailNormalizer.Core.Sources;

namespace TrailNormalizer.Aws.Functions;

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

    /// <summary>What every invocation's ingest session shares: the store, these handler options, the rules with escalation (default level unless given; null options turn it off).</summary>
    public static IngestOptions Ingest(IEvidenceStore store, RecordHandlerOptions handlers, RetentionPolicy retention, SigmaRuleSet rules, TimeProvider time, EscalationOptions? escalation = null, bool defaultEscalation = true) =>
        new()
        {
            Store = store,
            Time = time,
            Handlers = handlers,
            Writer = new EvidenceWriterOptions { Producer = "trailnorm-lambda", Retention = retention },
            Rules = rules,
            Escalation = escalation ?? (defaultEscalation ? new EscalationOptions() : null),
        };
}
