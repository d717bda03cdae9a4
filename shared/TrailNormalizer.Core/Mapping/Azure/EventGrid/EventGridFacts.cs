namespace TrailNormalizer.Core.Mapping.Azure.EventGrid;

/// <summary>What the mapper worked out about one event before the family writer fills in the class attributes.</summary>
/// <param name="Envelope">The event.</param>
/// <param name="Class">Its class and activity.</param>
/// <param name="Uid">The event's metadata.uid.</param>
/// <param name="Source">The topic / source parsed as an ARM id, when it is one.</param>
/// <param name="Subject">The subject parsed as an ARM id, when it is one.</param>
/// <param name="SubscriptionId">The subscription (a GUID) from topic/source, subject or data.subscriptionId.</param>
internal sealed record EventGridFacts(EventGridEnvelope Envelope, EventGridEventClass Class, string Uid, ArmScope? Source, ArmScope? Subject, string? SubscriptionId)
{
    /// <summary>The resource provider namespace the event is about (from the source, else the event type's prefix).</summary>
    public string Provider =>
        Source?.Provider ?? ProviderFromType(Envelope.Type) ?? "Microsoft.EventGrid";

    /// <summary>"Microsoft.Storage" from "Microsoft.Storage.BlobCreated".</summary>
    public static string? ProviderFromType(string type)
    {
        int last = type.LastIndexOf('.');
        return last > 0 ? type[..last] : null;
    }

    /// <summary>The event type without its namespace: "BlobCreated" from "Microsoft.Storage.BlobCreated".</summary>
    public string ShortType
    {
        get
        {
            int last = Envelope.Type.LastIndexOf('.');
            return last >= 0 && last + 1 < Envelope.Type.Length ? Envelope.Type[(last + 1)..] : Envelope.Type;
        }
    }
}
