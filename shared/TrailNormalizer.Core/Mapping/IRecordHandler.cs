using System.Text.Json;
using TrailNormalizer.Core.Rules;

namespace TrailNormalizer.Core.Mapping;

/// <summary>
/// Recognizes one kind of record or envelope and handles it: emits an event, quarantines it, counts it as
/// a control message, or unwraps it and routes what it holds through <see cref="RoutingContext.Route"/>.
/// One handler per source shape (CloudTrail, EventBridge, SQS, SNS, Event Grid, ...).
/// </summary>
public interface IRecordHandler
{
    /// <summary>False when the value is not this handler's shape (the router then asks the next handler).</summary>
    bool TryHandle(JsonElement value, ReadOnlySpan<byte> raw, RoutingContext context);

    /// <summary>
    /// The kinds of source record this handler maps (each event it yields carries one in <see cref="NormalizedEvent.Kind"/>);
    /// empty when its own events are envelopes no Sigma rule family applies to. A new taggable source declares its kind here.
    /// </summary>
    IReadOnlyList<SourceKind> Kinds { get; }
}
