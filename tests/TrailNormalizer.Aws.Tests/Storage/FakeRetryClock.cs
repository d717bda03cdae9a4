using TrailNormalizer.Aws.Storage;

namespace TrailNormalizer.Aws.Tests.Storage;

/// <summary>A clock that moves only when told: Sleep advances it at once and records the delay.</summary>
internal sealed class FakeRetryClock : IRetryClock
{
    public DateTimeOffset UtcNow { get; private set; } = new(2026, 3, 14, 12, 0, 0, TimeSpan.Zero);

    public List<TimeSpan> Sleeps { get; } = [];

    public void Sleep(TimeSpan delay)
    {
        Sleeps.Add(delay);
        UtcNow += delay;
    }

    public void Advance(TimeSpan by) => UtcNow += by;
}
