using System.Text.Json;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.Azure.EventGrid;

/// <summary>
/// Microsoft.Communication.* SMS and email events — the trail of messages sent and received — as API Activity,
/// Other: the sender as actor (the recipient for engagement reports), the message id as the request, the other party and the Communication Services
/// resource as resources, and the delivery status as the event status (Delivered → Success, failed kinds →
/// Failure, anything else → Other, the published value kept in status_code).
/// </summary>
internal sealed class CommunicationEventWriter : EventGridFamilyWriter
{
    public static readonly CommunicationEventWriter Instance = new();

    private static readonly HashSet<string> Consumed = Fields("messageId", "from", "to", "sender", "recipient", "deliveryStatus", "status", "userAgent");

    /// <summary>Delivery states that mean the message did not reach the recipient.</summary>
    private static readonly HashSet<string> FailedStates = new(StringComparer.OrdinalIgnoreCase)
    {
        "Failed", "Failure", "Bounced", "Suppressed", "Quarantined", "FilteredSpam", "Undeliverable", "Expired", "Rejected",
    };

    private static readonly HashSet<string> DeliveredStates = new(StringComparer.OrdinalIgnoreCase) { "Delivered", "Expanded" };

    private CommunicationEventWriter()
    {
    }

    public override IReadOnlySet<string> ConsumedData => Consumed;

    public override (int? Id, string? Code, string? Detail) Status(EventGridFacts facts)
    {
        var data = facts.Envelope.Data;
        if (facts.ShortType is "SMSReceived")
        {
            return (OcsfEnums.StatusSuccess, null, null);
        }

        string? state = SourceJson.TextTrimmedKey(data, "deliveryStatus") ?? SourceJson.TextTrimmedKey(data, "status");
        if (state is null)
        {
            return (null, null, null);
        }

        string? detail = SourceJson.TextTrimmedKey(data, "deliveryStatusDetails")
            ?? SourceJson.TextTrimmedKey(SourceJson.ObjTrimmedKey(data, "deliveryStatusDetails"), "statusMessage");
        int id = DeliveredStates.Contains(state) ? OcsfEnums.StatusSuccess : FailedStates.Contains(state) ? OcsfEnums.StatusFailure : 99;
        return (id, state, detail);
    }

    public override IReadOnlyList<string> Labels(EventGridFacts facts) =>
        Parties(facts).Actor is null ? [EventGridWriter.UnknownActorLabel] : [];

    public override void WriteBody(Utf8JsonWriter w, EventGridFacts facts)
    {
        var data = facts.Envelope.Data;
        var (actor, target) = Parties(facts);

        if (actor is null)
        {
            EventGridWriter.WriteUnknownActor(w);
        }
        else
        {
            w.WriteStartObject("actor");
            w.WriteStartObject("user");
            w.WriteString("name", actor);
            if (OcsfEmail.IsValid(actor))
            {
                w.WriteString("email_addr", actor);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteStartObject("api");
        w.WriteString("operation", facts.ShortType);
        w.WriteStartObject("service");
        w.WriteString("name", "Microsoft.Communication");
        w.WriteEndObject();
        if (SourceJson.TextTrimmedKey(data, "messageId") is { } messageId)
        {
            w.WriteStartObject("request");
            w.WriteString("uid", messageId);
            w.WriteEndObject();
        }

        w.WriteEndObject();
        EventGridWriter.WriteSourceEndpoint(w, null, "Microsoft.Communication");
        if (SourceJson.TextTrimmedKey(data, "userAgent") is { } agent)
        {
            w.WriteStartObject("http_request");
            w.WriteString("user_agent", agent);
            w.WriteEndObject();
        }

        if (target is null && facts.Source is null)
        {
            return;
        }

        w.WriteStartArray("resources");
        if (target is not null)
        {
            EventGridWriter.WriteResource(w, target, target, IsEmail(target) ? "Email Address" : "Phone Number");
        }

        if (facts.Source is { } resource)
        {
            EventGridWriter.WriteArmResource(w, resource);
        }

        w.WriteEndArray();
    }

    /// <summary>
    /// Who acted and on what: the sender acts on the recipient, except for engagement reports, where the recipient
    /// opened or clicked a message of the sender (the reports often omit the recipient: actor unknown).
    /// </summary>
    private static (string? Actor, string? Target) Parties(EventGridFacts facts)
    {
        var data = facts.Envelope.Data;
        string? sender = SourceJson.TextTrimmedKey(data, "from") ?? SourceJson.TextTrimmedKey(data, "sender");
        string? recipient = SourceJson.TextTrimmedKey(data, "to") ?? SourceJson.TextTrimmedKey(data, "recipient");
        return facts.ShortType.StartsWith("EmailEngagement", StringComparison.Ordinal) ? (recipient, sender) : (sender, recipient);
    }

    private static bool IsEmail(string text) => text.Contains('@', StringComparison.Ordinal) && !text.Contains(' ', StringComparison.Ordinal);
}
