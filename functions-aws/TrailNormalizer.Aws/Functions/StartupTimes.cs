namespace TrailNormalizer.Aws.Functions;

/// <summary>How long the function's start-up work took: the Object Lock check (S3 round trips including the S3 client's
/// first-request set-up) and the built-in rules' load (zero for <c>seal</c>). Both run alongside each other.</summary>
public sealed record StartupTimes(TimeSpan ObjectLockCheck, TimeSpan Rules);
