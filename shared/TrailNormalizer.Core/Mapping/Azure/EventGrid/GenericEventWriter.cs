using System.Text.Json;

namespace TrailNormalizer.Core.Mapping.Azure.EventGrid;

/// <summary>
/// Event types with no specific mapping (custom topics, services not mapped yet): Base Event, Other, named
/// after the type, with a message naming type, source and subject and the type as <c>api.operation</c>; all data stays
/// in <c>unmapped.data</c>.
/// </summary>
internal sealed class GenericEventWriter : EventGridFamilyWriter
{
    public static readonly GenericEventWriter Instance = new();

    private GenericEventWriter()
    {
    }

    public override void WriteBody(Utf8JsonWriter w, EventGridFacts facts)
    {
        var e = facts.Envelope;
        string message = e.Type.Length > 0 ? e.Type : "Event Grid event";
        if (e.Source is not null)
        {
            message += $" from {e.Source}";
        }

        if (e.Subject is not null)
        {
            message += $" about {e.Subject}";
        }

        w.WriteString("message", message);
        if (e.Type.Length > 0)
        {
            // The operation stays typed: api is allowed on every class with the cloud profile.
            w.WriteStartObject("api");
            w.WriteString("operation", e.Type);
            w.WriteStartObject("service");
            w.WriteString("name", EventGridFacts.ProviderFromType(e.Type) ?? e.Type);
            w.WriteEndObject();
            w.WriteEndObject();
        }
    }
}
