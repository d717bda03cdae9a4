using System.Text.Json;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.Azure.EventGrid;

/// <summary>
/// Microsoft.EventGrid.SubscriptionDeletedEvent: the event subscription that delivers events to this sink was
/// deleted, so the audit feed stops — Event Log Activity, Delete, with the subscription as the log.
/// </summary>
internal sealed class SubscriptionDeletedWriter : EventGridFamilyWriter
{
    public static readonly SubscriptionDeletedWriter Instance = new();

    private static readonly HashSet<string> Consumed = Fields("eventSubscriptionId");

    private SubscriptionDeletedWriter()
    {
    }

    public override IReadOnlySet<string> ConsumedData => Consumed;

    public override void WriteBody(Utf8JsonWriter w, EventGridFacts facts)
    {
        w.WriteString("log_name", SourceJson.TextTrimmedKey(facts.Envelope.Data, "eventSubscriptionId") ?? facts.Envelope.Source ?? "Event Grid subscription");
        w.WriteString("log_provider", "Azure Event Grid");
        w.WriteStartObject("api");
        w.WriteString("operation", facts.ShortType);
        w.WriteStartObject("service");
        w.WriteString("name", "Microsoft.EventGrid");
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
