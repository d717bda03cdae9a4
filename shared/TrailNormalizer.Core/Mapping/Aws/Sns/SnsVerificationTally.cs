namespace TrailNormalizer.Core.Mapping.Aws.Sns;

/// <summary>How many SNS envelopes were accepted without signature verification (no certificate source).</summary>
public sealed class SnsVerificationTally
{
    private long _unverified;

    public long Unverified => Interlocked.Read(ref _unverified);

    public void CountUnverified() => Interlocked.Increment(ref _unverified);
}
