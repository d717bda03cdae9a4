using System.Text.Json;
using TrailNormalizer.Core.Rules;

namespace TrailNormalizer.Core.Mapping.Azure.EventGrid;

/// <summary>
/// Event Grid events in the EventGridEvent, CloudEvents 1.0 and legacy CloudEvents 0.1 envelopes (arrays of
/// events are split by the router). The webhook validation handshake is counted as a control message; every
/// other event, known type or not, becomes an OCSF event.
/// </summary>
internal sealed class EventGridHandler : IRecordHandler
{
    /// <summary>Event Grid events (EventGridEvent and CloudEvents).</summary>
    public IReadOnlyList<SourceKind> Kinds { get; } = [SourceKind.EventGrid];

    public bool TryHandle(JsonElement value, ReadOnlySpan<byte> raw, RoutingContext context)
    {
        using var envelope = EventGridEnvelope.TryRead(value);
        if (envelope is null)
        {
            return false;
        }

        if (envelope.Type.Equals(EventGridEventCatalog.SubscriptionValidation, StringComparison.OrdinalIgnoreCase))
        {
            context.Control(EventGridEventCatalog.SubscriptionValidation);
            return true;
        }

        context.Normalized(EventGridEventMapper.Map(envelope, raw, context.ReceivedMs));
        return true;
    }
}
