using Amazon.CDK.AWS.S3;

namespace TrailNormalizer.Infra.Aws;

/// <summary>An existing CloudTrail bucket (and its KMS key, when the trail encrypts with one) the SQS function reads.</summary>
public sealed record CloudTrailSource(IBucket Bucket, string? KeyArn);
