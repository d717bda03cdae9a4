using TrailNormalizer.Core.Mapping;

namespace TrailNormalizer.Core.Rules.Escalation;

/// <summary>
/// On a routing worker, in front of the ordered stage: reads each tagged event's matched rule ids
/// (<see cref="FindingSink.PrepareOffWriter"/>), so escalation on the writer thread only decides and builds findings.
/// </summary>
internal sealed class MatchedRulesReader(IRecordSink inner) : IRecordSink
{
    public void Normalized(NormalizedEvent normalizedEvent)
    {
        FindingSink.PrepareOffWriter(normalizedEvent);
        inner.Normalized(normalizedEvent);
    }

    public void Quarantined(QuarantineItem item) => inner.Quarantined(item);

    public void Control(string kind, string source) => inner.Control(kind, source);
}
