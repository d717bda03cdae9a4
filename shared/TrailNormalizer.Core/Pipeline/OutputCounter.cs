using TrailNormalizer.Core.Mapping;

namespace TrailNormalizer.Core.Pipeline;

/// <summary>Passes everything on and counts it.</summary>
internal sealed class OutputCounter(IRecordSink inner) : IRecordSink
{
    public long Outputs { get; private set; }

    public void Normalized(NormalizedEvent normalizedEvent)
    {
        inner.Normalized(normalizedEvent);
        Outputs++;
    }

    public void Quarantined(QuarantineItem item)
    {
        inner.Quarantined(item);
        Outputs++;
    }

    public void Control(string kind, string source)
    {
        inner.Control(kind, source);
        Outputs++;
    }
}
