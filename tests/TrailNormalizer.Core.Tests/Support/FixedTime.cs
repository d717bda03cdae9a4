namespace TrailNormalizer.Core.Tests.Support;

/// <summary>A clock stopped at one instant, so outputs that mention "now" are repeatable.</summary>
public sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public static FixedTime Default { get; } = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    public override DateTimeOffset GetUtcNow() => now;
}
