using System.Runtime.InteropServices;
using System.Text.Json;

namespace TrailNormalizer.Core.Mapping;

/// <summary>What a handler can do with the value it recognized, and where the value came from.</summary>
public sealed class RoutingContext
{
    private readonly RecordRouter _router;
    private readonly RoutedRecord _record;

    internal RoutingContext(RecordRouter router, JsonElement value, IRecordSink sink, string location, int depth, long receivedMs)
    {
        _router = router;
        _record = new RoutedRecord(value);
        Sink = sink;
        Location = location;
        Depth = depth;
        ReceivedMs = receivedMs;
    }

    /// <summary>Where the value came from: file and position, plus the path inside envelopes.</summary>
    public string Location { get; }

    /// <summary>How many envelopes deep the value is.</summary>
    public int Depth { get; }

    /// <summary>When the input was received (epoch ms): stands in for a missing source time, and labels it so.</summary>
    public long ReceivedMs { get; }

    public IRecordSink Sink { get; }

    /// <summary>
    /// Emits an event; an unusable event time is replaced by the received time (<see cref="Pipeline.UnusableTime"/>). An event
    /// with a rule kind carries the value this context routes (<see cref="NormalizedEvent.RoutedRecord"/>): every handler
    /// writes that value's bytes as <c>raw_data</c>, so rules see the same record without a second parse.
    /// </summary>
    public void Normalized(NormalizedEvent normalizedEvent)
    {
        var ev = Pipeline.UnusableTime.Fix(normalizedEvent, ReceivedMs);
        ev.RoutedRecord = ev.Kind is null ? null : _record;
        Sink.Normalized(ev);
    }

    /// <summary>Routing the value has ended: its document is about to be disposed.</summary>
    internal void End() => _record.End();

    public void Quarantine(string reason, ReadOnlySpan<byte> raw) => Sink.Quarantined(new QuarantineItem(reason, Location, raw.ToArray()));

    /// <summary>Counts a protocol message that carries no audit event (a handshake, a test notification).</summary>
    public void Control(string kind) => Sink.Control(kind, Location);

    /// <summary>Routes a value found inside this one (an envelope's payload) as a record of its own.</summary>
    public void Route(JsonElement inner, string innerLocation) =>
        _router.RouteValue(inner, JsonMarshal.GetRawUtf8Value(inner), $"{Location}{innerLocation}", Sink, Depth + 1);

    /// <summary>Routes bytes found inside this value (a JSON-encoded string payload); malformed JSON is quarantined.</summary>
    /// <param name="inner">The payload.</param>
    /// <param name="innerLocation">Where it sits inside this value.</param>
    /// <param name="sink">Where its results go instead of this context's sink (e.g. a sink that labels them); null for the same sink.</param>
    public void RouteBytes(ReadOnlySpan<byte> inner, string innerLocation, IRecordSink? sink = null) =>
        _router.RouteBytes(inner.ToArray(), $"{Location}{innerLocation}", sink ?? Sink, Depth + 1);
}
