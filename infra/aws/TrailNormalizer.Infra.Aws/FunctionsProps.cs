using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.S3;
using Amazon.CDK.AWS.SQS;

namespace TrailNormalizer.Infra.Aws;

/// <summary>What <see cref="Functions"/> is wired to.</summary>
public sealed record FunctionsProps(
    TrailNormalizerSettings Settings,
    IBucket EvidenceBucket,
    IKey DataKey,
    IKey SigningKey,
    IQueue Queue,
    CloudTrailSource? CloudTrail,
    WitnessTarget? Witness,
    FindingsTopic Findings);

