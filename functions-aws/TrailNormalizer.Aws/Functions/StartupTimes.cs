using TrailNormalizer.Aws.Storage;

namespace TrailNormalizer.Aws.Functions;

/// <summary>How long the function's start-up work took: the Object Lock check (its two S3 calls, the first of which
/// includes the S3 client's first-request set-up) and the built-in rules' load (zero for <c>seal</c>). They run alongside each other.</summary>
public sealed record StartupTimes(TimeSpan ObjectLockCheck, ObjectLockCheck.CallTimes ObjectLockCalls, TimeSpan Rules);
