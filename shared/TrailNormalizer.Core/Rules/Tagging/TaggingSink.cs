using TrailNormalizer.Core.Mapping;

namespace TrailNormalizer.Core.Rules.Tagging;

/// <summary>Tags each normalized event with the rules it matches before passing it on.</summary>
public sealed class TaggingSink(EventTagger tagger, IRecordSink inner) : IRecordSink
{
    public void Normalized(NormalizedEvent normalizedEvent)
    {
        NormalizedEvent tagged;
        try
        {
            tagged = tagger.Tag(normalizedEvent);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new Pipeline.RecordFaultException("tagging", ex); // this event's fault: quarantined by the router's boundary
        }

        inner.Normalized(tagged);
    }

    public void Quarantined(QuarantineItem item) => inner.Quarantined(item);

    public void Control(string kind, string source) => inner.Control(kind, source);
}
