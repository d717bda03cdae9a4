using TrailNormalizer.Core.Mapping;

namespace TrailNormalizer.Fuzz.Harnesses;

/// <summary>Counts what passes to the inner sink, and optionally keeps the events.</summary>
public sealed class CountingSink(IRecordSink? inner = null) : IRecordSink
{
    public List<NormalizedEvent> Kept { get; } = [];

    public List<QuarantineItem> Quarantine { get; } = [];

    public long Events { get; private set; }

    public long Items { get; private set; }

    public long Controls { get; private set; }

    public long Total => Events + Items + Controls;

    public void Normalized(NormalizedEvent normalizedEvent)
    {
        if (inner is null)
        {
            Kept.Add(normalizedEvent);
        }
        else
        {
            inner.Normalized(normalizedEvent);
        }

        Events++;
    }

    public void Quarantined(QuarantineItem item)
    {
        if (inner is null)
        {
            Quarantine.Add(item);
        }
        else
        {
            inner.Quarantined(item);
        }

        Items++;
    }

    public void Control(string kind, string source)
    {
        inner?.Control(kind, source);
        Controls++;
    }
}
