using System.Net;
using System.Text.Json;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.Azure.EventGrid;

/// <summary>The attributes every Event Grid event shares: metadata, cloud, actor and endpoint fallbacks, resources.</summary>
internal static class EventGridWriter
{
    /// <summary>OCSF account type 13, "Azure Subscription".</summary>
    public const int AccountTypeAzureSubscription = OcsfEnums.AccountTypeAzureSubscription;

    /// <summary>Says the event names no caller, so <c>actor.user</c> is "unknown" (API Activity requires an actor).</summary>
    public const string UnknownActorLabel = "actor:unknown";

    /// <summary>Says the event arrived in the pre-1.0 CloudEvents 0.1 envelope, mapped as legacy.</summary>
    public const string LegacyCloudEventsLabel = "schema:cloudevents-0.1";

    /// <summary>HTTP methods OCSF's <c>http_method</c> enumerates.</summary>
    private static readonly HashSet<string> HttpMethods = new(StringComparer.Ordinal)
    {
        "CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "TRACE",
    };

    /// <summary>Writes <c>metadata</c>: the event id as uid, the producer (<see cref="EventGridProducer"/>) as product, the type as event_code.</summary>
    public static void WriteMetadata(Utf8JsonWriter w, EventGridEnvelope e, string uid, long? substitutedMs, string? correlationUid, IReadOnlyList<string> labels)
    {
        var producer = EventGridProducer.Of(e);
        OcsfMetadata.WriteStart(w, uid, producer.Product, producer.Vendor);
        var all = e.Schema == EventGridSchema.LegacyCloudEvents ? labels.Prepend(LegacyCloudEventsLabel) : labels;
        OcsfLabels.WriteTimeAndLabels(w, e.Time, substitutedMs, all);

        w.WriteString("event_code", e.Type);
        w.WriteIfPresent("log_name", e.Source);
        w.WriteIfPresent("correlation_uid", correlationUid);
        w.WriteIfPresent("log_version", e.DataVersion);
        w.WriteIfPresent("log_format", e.SchemaVersion);
        w.WriteString("log_provider", producer.LogProvider);
        w.WriteEndObject();
    }

    /// <summary>Writes <c>cloud</c> (see <see cref="AzureCloud"/>).</summary>
    public static void WriteCloud(Utf8JsonWriter w, string? subscriptionId, string? tenantId, string? region) =>
        AzureCloud.Write(w, subscriptionId, tenantId, region);

    /// <summary>Writes <c>actor</c> for an event that names no caller: user "unknown" (the mapper adds <see cref="UnknownActorLabel"/>).</summary>
    public static void WriteUnknownActor(Utf8JsonWriter w)
    {
        w.WriteStartObject("actor");
        w.WriteStartObject("user");
        w.WriteString("name", "unknown");
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>Writes <c>src_endpoint</c>: the caller's IP when it is one, else the publishing service as <c>svc_name</c>.</summary>
    public static void WriteSourceEndpoint(Utf8JsonWriter w, string? address, string service)
    {
        w.WriteStartObject("src_endpoint");
        if (Ip(address) is { } ip)
        {
            w.WriteString("ip", ip);
        }
        else
        {
            w.WriteString("svc_name", service);
        }

        w.WriteEndObject();
    }

    /// <summary>The address as a normalized IP, or null when it is not one (placeholders such as "{IP-address}").</summary>
    public static string? Ip(string? address) =>
        !string.IsNullOrWhiteSpace(address) && IPAddress.TryParse(address.Trim(), out var ip) ? ip.ToString() : null;

    /// <summary>An HTTP method OCSF enumerates, upper-cased; null otherwise.</summary>
    public static string? HttpMethod(string? method) =>
        method?.Trim().ToUpperInvariant() is { } m && HttpMethods.Contains(m) ? m : null;

    /// <summary>An absolute http(s) URL; null otherwise.</summary>
    public static string? Url(string? text) =>
        Uri.TryCreate(text?.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? text!.Trim() : null;

    /// <summary>Writes one <c>resources[]</c> entry for an ARM id: uid, name, type, resource group, owner subscription.</summary>
    public static void WriteArmResource(Utf8JsonWriter w, ArmScope scope, string? typeOverride = null)
    {
        w.WriteStartObject();
        w.WriteString("uid", scope.Id);
        w.WriteIfPresent("name", scope.Name);
        w.WriteIfPresent("type", typeOverride ?? scope.ResourceType);
        if (scope.ResourceGroup is not null)
        {
            w.WriteStartObject("group");
            w.WriteString("name", scope.ResourceGroup);
            w.WriteEndObject();
        }

        if (scope.SubscriptionId is not null)
        {
            w.WriteStartObject("owner");
            w.WriteStartObject("account");
            w.WriteString("uid", scope.SubscriptionId);
            w.WriteNumber("type_id", AccountTypeAzureSubscription);
            w.WriteString("type", "Azure Subscription");
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    /// <summary>Writes one <c>resources[]</c> entry that is not an ARM id (a blob URL, a phone number, a mailbox).</summary>
    public static void WriteResource(Utf8JsonWriter w, string uid, string? name, string? type)
    {
        w.WriteStartObject();
        w.WriteString("uid", uid);
        w.WriteIfPresent("name", name);
        w.WriteIfPresent("type", type);
        w.WriteEndObject();
    }
}
