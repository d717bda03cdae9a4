using System.Text;
using TrailNormalizer.Core.Mapping;

namespace TrailNormalizer.Core.Tests.Support;

/// <summary>Keeps everything the router produces, for assertions.</summary>
public sealed class CollectingSink : IRecordSink
{
    public List<NormalizedEvent> Events { get; } = [];

    public List<QuarantineItem> Quarantine { get; } = [];

    public void Normalized(NormalizedEvent normalizedEvent) => Events.Add(normalizedEvent);

    public void Quarantined(QuarantineItem item) => Quarantine.Add(item);

    public List<(string Kind, string Source)> Controls { get; } = [];

    public void Control(string kind, string source) => Controls.Add((kind, source));

    public IEnumerable<string> EventTexts => Events.Select(e => Encoding.UTF8.GetString(e.Json));
}
