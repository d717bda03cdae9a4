using System.Text.Json;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.Azure.EventGrid;

/// <summary>
/// Fills in the class-specific attributes of one family of Event Grid events (Resources, Key Vault, Storage, …)
/// and says which <c>data</c> fields that consumed; the rest of <c>data</c> goes to <c>unmapped.data</c>.
/// </summary>
internal abstract class EventGridFamilyWriter
{
    private static readonly HashSet<string> NoFields = [];

    /// <summary>The data fields (trimmed, case-insensitive) that this writer maps in full.</summary>
    public virtual IReadOnlySet<string> ConsumedData => NoFields;

    /// <summary>The activity name for activity 99; by default the catalog's.</summary>
    public virtual string? OtherName(EventGridFacts facts) => facts.Class.OtherName;

    /// <summary>The OCSF status (id, code, detail); null id writes no status.</summary>
    public virtual (int? Id, string? Code, string? Detail) Status(EventGridFacts facts) => (null, null, null);

    /// <summary>An id that ties this event to others of the same operation.</summary>
    public virtual string? CorrelationUid(EventGridFacts facts) => null;

    /// <summary>The tenant, when the event names one.</summary>
    public virtual string? TenantId(EventGridFacts facts) => ArmScope.SubscriptionGuid(SourceJson.TextTrimmedKey(facts.Envelope.Data, "tenantId"));

    /// <summary>Labels to add to metadata.labels (e.g. <see cref="EventGridWriter.UnknownActorLabel"/>).</summary>
    public virtual IReadOnlyList<string> Labels(EventGridFacts facts) => [];

    /// <summary>Writes the attributes of the class (actor, api, src_endpoint, resources, finding_info, …).</summary>
    public abstract void WriteBody(Utf8JsonWriter w, EventGridFacts facts);

    /// <summary>The writer of a family.</summary>
    public static EventGridFamilyWriter For(EventGridFamily family) => family switch
    {
        EventGridFamily.Resources => ResourceEventWriter.Instance,
        EventGridFamily.KeyVault => KeyVaultEventWriter.Instance,
        EventGridFamily.Storage => StorageEventWriter.Instance,
        EventGridFamily.Communication => CommunicationEventWriter.Instance,
        EventGridFamily.PolicyState => PolicyStateWriter.Instance,
        EventGridFamily.SubscriptionDeleted => SubscriptionDeletedWriter.Instance,
        EventGridFamily.Publisher => PublisherEventWriter.Instance,
        _ => GenericEventWriter.Instance,
    };

    /// <summary>A set of data field names, matched case-insensitively.</summary>
    protected static HashSet<string> Fields(params string[] names) => new(names, StringComparer.OrdinalIgnoreCase);
}
