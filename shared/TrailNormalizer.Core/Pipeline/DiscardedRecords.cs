namespace TrailNormalizer.Core.Pipeline;

/// <summary>What abandoned deliveries had routed: taken off the session's counts, since none of it was stored.</summary>
internal sealed class DiscardedRecords
{
    private readonly Dictionary<int, long> _classes = [];
    private long _normalized;
    private long _findings;
    private long _quarantined;
    private long _control;

    /// <summary>Adds what was counted between <paramref name="before"/> and <paramref name="after"/>.</summary>
    public void Add(IngestSummary before, IngestSummary after)
    {
        _normalized += after.Normalized - before.Normalized;
        _findings += after.Findings - before.Findings;
        _quarantined += after.Quarantined - before.Quarantined;
        _control += after.Control - before.Control;
        foreach (var (uid, count) in after.Classes)
        {
            _classes[uid] = _classes.GetValueOrDefault(uid) + count - before.Classes.GetValueOrDefault(uid);
        }
    }

    public IngestSummary Subtract(IngestSummary counted) => counted with
    {
        Normalized = counted.Normalized - _normalized,
        Findings = counted.Findings - _findings,
        Quarantined = counted.Quarantined - _quarantined,
        Control = counted.Control - _control,
        Classes = counted.Classes
            .Select(c => (c.Key, Count: c.Value - _classes.GetValueOrDefault(c.Key)))
            .Where(c => c.Count > 0)
            .ToDictionary(c => c.Key, c => c.Count),
    };
}
