using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.Azure.EventGrid;

/// <summary>Which writer fills in the class-specific attributes of an Event Grid event.</summary>
internal enum EventGridFamily
{
    /// <summary>An event type with no specific mapping: Base Event, data kept in unmapped.</summary>
    Generic,

    /// <summary>Microsoft.Resources.Resource{Write,Delete,Action}{Success,Failure,Cancel}.</summary>
    Resources,

    /// <summary>Microsoft.KeyVault.* object and vault events.</summary>
    KeyVault,

    /// <summary>Microsoft.Storage.* blob and directory events.</summary>
    Storage,

    /// <summary>Microsoft.Communication.* SMS and email events.</summary>
    Communication,

    /// <summary>Microsoft.PolicyInsights.PolicyState{Created,Changed,Deleted}.</summary>
    PolicyState,

    /// <summary>Microsoft.EventGrid.SubscriptionDeletedEvent: the delivery of events to a sink stopped.</summary>
    SubscriptionDeleted,

    /// <summary>Container Registry, App Configuration, IoT Hub: a change to an item of the publisher's resource.</summary>
    Publisher,
}

/// <summary>Which OCSF class and activity an Event Grid event type becomes, and which writer maps it.</summary>
/// <param name="Family">The writer.</param>
/// <param name="Class">The OCSF class.</param>
/// <param name="ActivityId">The class's activity id.</param>
/// <param name="OtherName">For activity 99 (Other): the activity name to show instead of "Other".</param>
internal sealed record EventGridEventClass(EventGridFamily Family, OcsfClass Class, int ActivityId, string? OtherName = null);

/// <summary>
/// The mapping table from Event Grid event type to OCSF class. Types not listed are Base Event (0), activity
/// Other, named after the type. docs/mapping-eventgrid.md shows this table; keep the two in step.
/// </summary>
internal static class EventGridEventCatalog
{
    /// <summary>The handshake Event Grid sends to a new webhook subscription: a control message, not an audit event.</summary>
    public const string SubscriptionValidation = "Microsoft.EventGrid.SubscriptionValidationEvent";

    private static readonly OcsfClass Api = OcsfClass.ApiActivity;
    private static readonly OcsfClass Base = OcsfClass.BaseEvent;

    private static readonly Dictionary<string, EventGridEventClass> Table = new(StringComparer.OrdinalIgnoreCase)
    {
        // Key Vault: new versions are creations, the access policy change an update; expiry notices are no API call.
        ["Microsoft.KeyVault.SecretNewVersionCreated"] = new(EventGridFamily.KeyVault, Api, 1),
        ["Microsoft.KeyVault.KeyNewVersionCreated"] = new(EventGridFamily.KeyVault, Api, 1),
        ["Microsoft.KeyVault.CertificateNewVersionCreated"] = new(EventGridFamily.KeyVault, Api, 1),
        ["Microsoft.KeyVault.VaultAccessPolicyChanged"] = new(EventGridFamily.KeyVault, Api, 3),
        ["Microsoft.KeyVault.SecretNearExpiry"] = new(EventGridFamily.KeyVault, Base, 99, "Secret Near Expiry"),
        ["Microsoft.KeyVault.SecretExpired"] = new(EventGridFamily.KeyVault, Base, 99, "Secret Expired"),
        ["Microsoft.KeyVault.KeyNearExpiry"] = new(EventGridFamily.KeyVault, Base, 99, "Key Near Expiry"),
        ["Microsoft.KeyVault.KeyExpired"] = new(EventGridFamily.KeyVault, Base, 99, "Key Expired"),
        ["Microsoft.KeyVault.CertificateNearExpiry"] = new(EventGridFamily.KeyVault, Base, 99, "Certificate Near Expiry"),
        ["Microsoft.KeyVault.CertificateExpired"] = new(EventGridFamily.KeyVault, Base, 99, "Certificate Expired"),

        // Storage: the data-plane call that caused the event.
        ["Microsoft.Storage.BlobCreated"] = new(EventGridFamily.Storage, Api, 1),
        ["Microsoft.Storage.BlobDeleted"] = new(EventGridFamily.Storage, Api, 4),
        ["Microsoft.Storage.BlobRenamed"] = new(EventGridFamily.Storage, Api, 3),
        ["Microsoft.Storage.BlobTierChanged"] = new(EventGridFamily.Storage, Api, 3),
        ["Microsoft.Storage.AsyncOperationInitiated"] = new(EventGridFamily.Storage, Api, 99, "Async Operation Initiated"),
        ["Microsoft.Storage.DirectoryCreated"] = new(EventGridFamily.Storage, Api, 1),
        ["Microsoft.Storage.DirectoryDeleted"] = new(EventGridFamily.Storage, Api, 4),
        ["Microsoft.Storage.DirectoryRenamed"] = new(EventGridFamily.Storage, Api, 3),

        // Communication Services: the message trail, delivery status kept as status.
        ["Microsoft.Communication.SMSReceived"] = new(EventGridFamily.Communication, Api, 99, "SMS Received"),
        ["Microsoft.Communication.SMSDeliveryReportReceived"] = new(EventGridFamily.Communication, Api, 99, "SMS Delivery Report"),
        ["Microsoft.Communication.EmailDeliveryReportReceived"] = new(EventGridFamily.Communication, Api, 99, "Email Delivery Report"),
        ["Microsoft.Communication.EmailEngagementTrackingReportReceived"] = new(EventGridFamily.Communication, Api, 99, "Email Engagement"),

        // Azure Policy compliance states.
        ["Microsoft.PolicyInsights.PolicyStateCreated"] = new(EventGridFamily.PolicyState, OcsfClass.ComplianceFinding, 1),
        ["Microsoft.PolicyInsights.PolicyStateChanged"] = new(EventGridFamily.PolicyState, OcsfClass.ComplianceFinding, 2),
        ["Microsoft.PolicyInsights.PolicyStateDeleted"] = new(EventGridFamily.PolicyState, OcsfClass.ComplianceFinding, 3),

        // Documented publishers reporting changes to their own items.
        ["Microsoft.ContainerRegistry.ImagePushed"] = new(EventGridFamily.Publisher, Api, 1),
        ["Microsoft.ContainerRegistry.ImageDeleted"] = new(EventGridFamily.Publisher, Api, 4),
        ["Microsoft.ContainerRegistry.ChartPushed"] = new(EventGridFamily.Publisher, Api, 1),
        ["Microsoft.ContainerRegistry.ChartDeleted"] = new(EventGridFamily.Publisher, Api, 4),
        ["Microsoft.AppConfiguration.KeyValueModified"] = new(EventGridFamily.Publisher, Api, 3),
        ["Microsoft.AppConfiguration.KeyValueDeleted"] = new(EventGridFamily.Publisher, Api, 4),
        ["Microsoft.AppConfiguration.SnapshotCreated"] = new(EventGridFamily.Publisher, Api, 1),
        ["Microsoft.AppConfiguration.SnapshotModified"] = new(EventGridFamily.Publisher, Api, 3),
        ["Microsoft.Devices.DeviceCreated"] = new(EventGridFamily.Publisher, Api, 1),
        ["Microsoft.Devices.DeviceDeleted"] = new(EventGridFamily.Publisher, Api, 4),
        ["Microsoft.Devices.DeviceConnected"] = new(EventGridFamily.Publisher, Api, 99, "Device Connected"),
        ["Microsoft.Devices.DeviceDisconnected"] = new(EventGridFamily.Publisher, Api, 99, "Device Disconnected"),
        // The event subscription feeding this sink was deleted: the audit feed stops (Event Log Activity, Delete).
        ["Microsoft.EventGrid.SubscriptionDeletedEvent"] = new(EventGridFamily.SubscriptionDeleted, OcsfClass.EventLogActivity, 2),
    };

    /// <summary>Every listed type (for the documentation test).</summary>
    public static IReadOnlyDictionary<string, EventGridEventClass> Entries => Table;

    /// <summary>The class of <paramref name="eventType"/>; Resource events by their verb, unknown types as Base Event, Other.</summary>
    public static EventGridEventClass Find(string eventType)
    {
        if (Table.TryGetValue(eventType, out var known))
        {
            return known;
        }

        if (ResourceEvent.Parse(eventType) is { } resource)
        {
            return new EventGridEventClass(EventGridFamily.Resources, Api, resource.ActivityId);
        }

        return new EventGridEventClass(EventGridFamily.Generic, Base, 99, eventType.Length > 0 ? eventType : "Unknown Event Type");
    }
}

/// <summary>The verb and outcome of a <c>Microsoft.Resources.Resource{Write,Delete,Action}{Success,Failure,Cancel}</c> type.</summary>
/// <param name="Verb">Write, Delete or Action.</param>
/// <param name="Outcome">Success, Failure or Cancel.</param>
internal sealed record ResourceEvent(string Verb, string Outcome)
{
    private const string Prefix = "Microsoft.Resources.Resource";
    private static readonly string[] Verbs = ["Write", "Delete", "Action"];
    private static readonly string[] Outcomes = ["Success", "Failure", "Cancel"];

    /// <summary>API Activity id: Write is ARM's create-or-update (PUT/PATCH) and cannot be told apart, so Update; Delete; Action is Other.</summary>
    public int ActivityId => Verb switch { "Write" => 3, "Delete" => 4, _ => 99 };

    /// <summary>OCSF status id: Success 1, Failure 2, Cancel 99 (Other).</summary>
    public int StatusId => Outcome switch { "Success" => OcsfEnums.StatusSuccess, "Failure" => OcsfEnums.StatusFailure, _ => 99 };

    public static ResourceEvent? Parse(string eventType)
    {
        if (!eventType.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string rest = eventType[Prefix.Length..];
        foreach (string verb in Verbs)
        {
            foreach (string outcome in Outcomes)
            {
                if (rest.Equals(verb + outcome, StringComparison.OrdinalIgnoreCase))
                {
                    return new ResourceEvent(verb, outcome);
                }
            }
        }

        return null;
    }
}
