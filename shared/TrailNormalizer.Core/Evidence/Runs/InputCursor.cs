namespace TrailNormalizer.Core.Evidence.Runs;

/// <summary>The input being written now: numbers its records and says which were stored by an earlier, interrupted run.</summary>
public sealed class InputCursor(string sha256, IReadOnlySet<long> alreadyStored)
{
    private long _next;

    public string Sha256 { get; } = sha256;

    /// <summary>Records skipped because an earlier run stored them.</summary>
    public long Skipped { get; private set; }

    /// <summary>Records written by this run.</summary>
    public long Written { get; private set; }

    /// <summary>The next record's ordinal, or null when an earlier run already stored it (skip it).</summary>
    public long? Next()
    {
        long ordinal = _next++;
        if (alreadyStored.Contains(ordinal))
        {
            Skipped++;
            return null;
        }

        Written++;
        return ordinal;
    }
}
