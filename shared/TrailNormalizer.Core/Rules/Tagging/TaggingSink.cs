using TrailNormalizer.Core.Mapping;

namespace TrailNormalizer.Core.Rules.Tagging;

/// <summary>Tags each normalized event with the rules it matches before passing it on.</summary>
public sealed class TaggingSink(EventTagger tagger, IRecordSink inner) : IRecordSink
{
    public void Normalized(NormalizedEvent normalizedEvent) => inner.Normalized(tagger.Tag(normalizedEvent));

    public void Quarantined(QuarantineItem item) => inner.Quarantined(item);

    public void Control(string kind, string source) => inner.Control(kind, source);
}
