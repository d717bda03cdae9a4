namespace TrailNormalizer.Aws.Storage;

/// <summary>The time source and sleep of <see cref="RetryPolicy"/>; tests replace it with a clock that only pretends to wait.</summary>
public interface IRetryClock
{
    DateTimeOffset UtcNow { get; }

    void Sleep(TimeSpan delay);
}

/// <summary>The wall clock; sleeping blocks the thread (the Lambda handles one invocation at a time).</summary>
public sealed class SystemRetryClock : IRetryClock
{
    public static SystemRetryClock Instance { get; } = new();

    public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;

    public void Sleep(TimeSpan delay) => Thread.Sleep(delay);
}
