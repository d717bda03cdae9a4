using TrailNormalizer.Core.Mapping;

namespace TrailNormalizer.Core.Pipeline;

/// <summary>One thing routing a unit produced (an event, a quarantine item or a control message), held until it is replayed in order.</summary>
internal readonly struct RoutedOutput
{
    /// <summary>What a control message or a quarantine item's text costs beside its bytes, roughly.</summary>
    private const long Overhead = 64;

    private readonly NormalizedEvent? _event;
    private readonly QuarantineItem? _item;
    private readonly string? _controlKind;
    private readonly string? _controlSource;

    private RoutedOutput(NormalizedEvent? ev, QuarantineItem? item, string? controlKind, string? controlSource)
    {
        _event = ev;
        _item = item;
        _controlKind = controlKind;
        _controlSource = controlSource;
    }

    /// <summary>About what it holds in memory, for the stage's budget.</summary>
    public long Bytes => Overhead + (_event?.Json.Length ?? 0) + (_item is null ? 0 : _item.Raw.Length + _item.Reason.Length);

    public static RoutedOutput Event(NormalizedEvent ev) => new(ev, null, null, null);

    public static RoutedOutput Quarantine(QuarantineItem item) => new(null, item, null, null);

    public static RoutedOutput Control(string kind, string source) => new(null, null, kind, source);

    public void ReplayTo(IRecordSink sink)
    {
        if (_event is not null)
        {
            sink.Normalized(_event);
        }
        else if (_item is not null)
        {
            sink.Quarantined(_item);
        }
        else
        {
            sink.Control(_controlKind!, _controlSource!);
        }
    }
}
