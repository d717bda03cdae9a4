namespace TrailNormalizer.Aws.Runtime;

/// <summary>
/// The deadline storage retries must finish by, shared by the clients built at start-up and the loop: during an
/// invocation it is the invocation's (already shortened) deadline; outside one it is a start-up budget.
/// </summary>
public sealed class InvocationDeadline(TimeProvider time)
{
    /// <summary>Lambda allows about 10 s for a function's start-up; its storage checks stop before that.</summary>
    public static readonly TimeSpan StartupBudget = TimeSpan.FromSeconds(8);

    private DateTimeOffset? _current;

    /// <summary>The current deadline (read by the retry policy once per storage operation).</summary>
    public DateTimeOffset Current => _current ?? time.GetUtcNow() + StartupBudget;

    /// <summary>Sets the invocation's deadline until the returned scope is disposed.</summary>
    public IDisposable Enter(DateTimeOffset deadline)
    {
        _current = deadline;
        return new Scope(this);
    }

    private sealed class Scope(InvocationDeadline owner) : IDisposable
    {
        public void Dispose() => owner._current = null;
    }
}
