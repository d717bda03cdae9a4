namespace TrailNormalizer.Core.Ocsf;

/// <summary>
/// The time an event is filed under: the source's own time, or the received time standing in for it
/// (<see cref="SubstitutedMs"/> set, so metadata says so with <see cref="OcsfLabels.SubstitutedTime"/>).
/// </summary>
internal readonly record struct EventTime(long TimeMs, long? SubstitutedMs)
{
    /// <summary>Earliest source time taken as real (1973-03-03): sample placeholders such as 1970-01-01 or 1900-01-01 are not.</summary>
    public const long EarliestPlausibleMs = 100_000_000_000;

    public bool IsSubstituted => SubstitutedMs is not null;

    /// <summary>
    /// <paramref name="ms"/> when it is at or after <see cref="EarliestPlausibleMs"/>, else null: every OCSF timestamp must be,
    /// so a secondary time (first seen, start, created) that is a placeholder or a damaged value is left out, never written.
    /// </summary>
    public static long? Plausible(long? ms) => ms >= EarliestPlausibleMs ? ms : null;

    /// <summary>The source time when there is one, else the received time.</summary>
    public static EventTime OrReceived(long? sourceMs, long receivedMs) =>
        sourceMs is { } t ? new(t, null) : new(receivedMs, receivedMs);

    /// <summary>The source time when there is one at or after <see cref="EarliestPlausibleMs"/>, else the received time.</summary>
    public static EventTime PlausibleOrReceived(long? sourceMs, long receivedMs) =>
        sourceMs is { } t && t >= EarliestPlausibleMs ? new(t, null) : new(receivedMs, receivedMs);
}
