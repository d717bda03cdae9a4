using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Mapping.Aws.Sns;
using TrailNormalizer.Core.Sources;

namespace TrailNormalizer.Core.Mapping;

/// <summary>
/// The services handlers need from their host (object sources for pointers, SNS certificates, ...).
/// The CLI and each adapter fill in what they have; what is missing makes those records quarantine with a reason.
/// </summary>
public sealed record RecordHandlerOptions
{
    /// <summary>Opens the S3 objects that pointers name; without it every pointer is quarantined as unresolved.</summary>
    public IObjectSource? ObjectSource { get; init; }

    /// <summary>Most objects one pointer message may name; more make the whole message quarantine.</summary>
    public int MaxObjectsPerPointer { get; init; } = 100;

    /// <summary>Limits for reading resolved objects (record size, nesting).</summary>
    public InputLimits ObjectLimits { get; init; } = InputLimits.Default;

    /// <summary>
    /// SNS signing certificates. With it every SNS envelope is verified and a failing one is quarantined;
    /// without it envelopes are accepted unverified and their events labelled <c>sns:signature-unverified</c>.
    /// </summary>
    public ISnsCertificateSource? SnsCertificates { get; init; }

    /// <summary>
    /// The TopicArns SNS envelopes may come from; envelopes from any other topic are quarantined. Null allows
    /// every topic (the CLI without <c>--sns-topic</c>); an empty set allows none (an adapter with no topic configured).
    /// </summary>
    public IReadOnlySet<string>? SnsAllowedTopics { get; init; }

    /// <summary>Counts SNS envelopes accepted without verification, so the host can say so.</summary>
    public SnsVerificationTally SnsTally { get; init; } = new();
}
