namespace TrailNormalizer.Infra.Aws;

/// <summary>The bucket (and key prefix) the sealer copies checkpoints to.</summary>
public sealed record WitnessTarget(string BucketName, string Prefix);
