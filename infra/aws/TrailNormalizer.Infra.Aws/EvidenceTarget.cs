using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.S3;

namespace TrailNormalizer.Infra.Aws;

/// <summary>The evidence bucket, the key prefix the functions write under, and the key that encrypts it.</summary>
public sealed record EvidenceTarget(IBucket Bucket, string Prefix, IKey DataKey);
