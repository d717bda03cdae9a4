using System.Net;
using System.Text.Json;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.Azure.Monitor;

/// <summary>The pieces every Azure event shares: metadata, cloud, endpoints, resources, raw data and unmapped fields.</summary>
internal static class AzureEventWriter
{
    /// <summary>OCSF account type 13, "Azure Subscription".</summary>
    public const int AccountTypeAzureSubscription = OcsfEnums.AccountTypeAzureSubscription;

    /// <summary>The record time from the first of <paramref name="names"/> that is present; null when none parses.</summary>
    public static (long? Time, string? Original) SourceTime(JsonElement record, params string[] names)
    {
        foreach (string name in names)
        {
            if (record.GetAnyCase(name) is { } value)
            {
                return (OcsfTime.ParseAny(value), SourceJson.ValueText(value));
            }
        }

        return (null, null);
    }

    /// <summary>Writes <c>metadata</c>; <paramref name="substitutedMs"/> (see <see cref="EventTime"/>) records that <c>time</c> is the received time.</summary>
    public static void WriteMetadata(
        Utf8JsonWriter w, string uid, string product, string? originalTime, long? substitutedMs,
        string? eventCode, string? logName, string? correlationUid, string? logVersion, IEnumerable<string>? labels = null)
    {
        OcsfMetadata.WriteStart(w, uid, product, "Microsoft");
        OcsfLabels.WriteTimeAndLabels(w, originalTime, substitutedMs, labels);

        w.WriteIfPresent("event_code", eventCode);
        w.WriteIfPresent("log_name", logName);
        w.WriteIfPresent("correlation_uid", correlationUid);
        w.WriteIfPresent("log_version", logVersion);
        w.WriteString("log_provider", "Azure Monitor");
        w.WriteEndObject();
    }

    /// <summary>Writes <c>cloud</c> (see <see cref="AzureCloud"/>).</summary>
    public static void WriteCloud(Utf8JsonWriter w, string? subscriptionId, string? tenantId, string? region) =>
        AzureCloud.Write(w, subscriptionId, tenantId, region);

    /// <summary>The evidence partition: Azure, subscription (or tenant), region; "unknown" for what is missing.</summary>
    public static EvidencePartition Partition(string? account, string? region) =>
        new("azure", account ?? "unknown", region ?? "unknown");

    /// <summary>A usable region: Azure writes "" or "global" when the operation has none.</summary>
    public static string? Region(string? location) => string.IsNullOrWhiteSpace(location) ? null : location.Trim().ToLowerInvariant();

    /// <summary>Splits a caller address (<c>203.0.113.7</c>, <c>203.0.113.7:5443</c>, <c>[2001:db8::1]:443</c>) into IP and port.</summary>
    public static (string? Ip, int? Port) SplitAddress(string? address)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            return (null, null);
        }

        address = address.Trim();
        if (IPAddress.TryParse(address, out var plain) && !address.Contains(']', StringComparison.Ordinal))
        {
            return (plain.ToString(), null);
        }

        return IPEndPoint.TryParse(address, out var endpoint)
            ? (endpoint.Address.ToString(), endpoint.Port == 0 ? null : endpoint.Port)
            : (null, null);
    }

    /// <summary>
    /// Writes <c>src_endpoint</c> from a caller address: ip and port when it is one, else the text as a name,
    /// else the service that logged the record as <c>svc_name</c> (the endpoint is then the service itself) unless the device is named.
    /// An Entra <c>deviceDetail</c> adds the device (id, name, operating system); a location is written only when it says something.
    /// </summary>
    public static void WriteSourceEndpoint(Utf8JsonWriter w, string? address, string fallbackService, JsonElement? location = null, JsonElement? device = null)
    {
        var (ip, port) = SplitAddress(address);
        string? deviceId = device?.TextAnyCase("deviceId");
        string? deviceName = device?.TextAnyCase("displayName");
        string? os = device?.TextAnyCase("operatingSystem");
        w.WriteStartObject("src_endpoint");
        if (ip is not null)
        {
            w.WriteString("ip", ip);
            if (port is { } p)
            {
                w.WriteNumber("port", p);
            }
        }
        else if (!string.IsNullOrWhiteSpace(address))
        {
            w.WriteString("name", address);
        }
        else if (deviceId is null && deviceName is null)
        {
            // OCSF needs one identifying attribute on an endpoint; an operating system or a location alone is none.
            w.WriteString("svc_name", fallbackService);
        }

        w.WriteIfPresent("uid", deviceId);
        w.WriteIfPresent("hostname", deviceName);
        if (os is not null)
        {
            int type = OsType(os);
            w.WriteStartObject("os");
            w.WriteString("name", os);
            w.WriteNumber("type_id", type);
            w.WriteString("type", OsTypeCaption(type));
            w.WriteEndObject();
        }

        if (location is { } l)
        {
            WriteLocation(w, l);
        }

        w.WriteEndObject();
    }

    /// <summary>OCSF os type_id from an operating system name as Entra writes it (Windows 10, Ios, MacOs, Android, Linux).</summary>
    public static int OsType(string os)
    {
        string lower = os.ToLowerInvariant();
        return lower switch
        {
            _ when lower.StartsWith("windows", StringComparison.Ordinal) => 100,
            _ when lower.StartsWith("android", StringComparison.Ordinal) => 201,
            _ when lower.StartsWith("linux", StringComparison.Ordinal) || lower.Contains("ubuntu", StringComparison.Ordinal) => 200,
            _ when lower.StartsWith("ipados", StringComparison.Ordinal) => 302,
            _ when lower.StartsWith("ios", StringComparison.Ordinal) => 301,
            _ when lower.StartsWith("mac", StringComparison.Ordinal) || lower.StartsWith("os x", StringComparison.Ordinal) => 300,
            _ => 99,
        };
    }

    private static string OsTypeCaption(int type) => type switch
    {
        100 => "Windows", 200 => "Linux", 201 => "Android", 300 => "macOS", 301 => "iOS", 302 => "iPadOS", _ => "Other",
    };

    /// <summary>True when an Entra location names a city, state or ISO country (what OCSF <c>location</c> needs at least one of).</summary>
    public static bool HasLocation(JsonElement? location) =>
        location is { ValueKind: JsonValueKind.Object } l && (l.TextAnyCase("city") is not null || l.TextAnyCase("state") is not null || IsoCountry(l.TextAnyCase("countryOrRegion")) is not null);

    private static string? IsoCountry(string? country) =>
        country is { Length: 2 } && country.All(char.IsAsciiLetter) ? country : null; // other spellings stay in unmapped

    /// <summary>
    /// Writes an Entra <c>location</c> object ({city, state, countryOrRegion, geoCoordinates}) as OCSF <c>location</c>, only when
    /// it names a city, state or ISO country: exports write empty strings and 0/0 coordinates for "unknown", which say nothing.
    /// </summary>
    private static void WriteLocation(Utf8JsonWriter w, JsonElement l)
    {
        if (!HasLocation(l))
        {
            return;
        }

        string? city = l.TextAnyCase("city"), state = l.TextAnyCase("state"), country = IsoCountry(l.TextAnyCase("countryOrRegion"));
        var geo = l.ObjAnyCase("geoCoordinates");
        double? latitude = geo?.GetAnyCase("latitude") is { ValueKind: JsonValueKind.Number } lat ? lat.GetDouble() : null;
        double? longitude = geo?.GetAnyCase("longitude") is { ValueKind: JsonValueKind.Number } lon ? lon.GetDouble() : null;
        bool hasCoordinates = latitude is { } la && longitude is { } lo && (la != 0 || lo != 0) && Math.Abs(la) <= 90 && Math.Abs(lo) <= 180;

        w.WriteStartObject("location");
        w.WriteIfPresent("city", city);
        w.WriteIfPresent("region", state);
        w.WriteIfPresent("country", country);
        if (hasCoordinates)
        {
            w.WriteStartArray("coordinates"); // GeoJSON order: longitude, latitude
            w.WriteNumberValue(longitude!.Value);
            w.WriteNumberValue(latitude!.Value);
            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    /// <summary>
    /// Writes <c>resources</c>: the ARM resource the record is about, and the object inside it when the source
    /// names one (a Key Vault secret, key or certificate URI).
    /// </summary>
    public static void WriteResources(Utf8JsonWriter w, AzureResourceId? resource, string? objectUri = null)
    {
        if (resource is null && objectUri is null)
        {
            return;
        }

        w.WriteStartArray("resources");
        if (resource is not null)
        {
            WriteResource(w, resource);
        }

        if (objectUri is not null)
        {
            w.WriteStartObject();
            w.WriteString("uid", objectUri);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>Writes one ARM resource as an element of <c>resources</c>: its id, name, type and resource group.</summary>
    public static void WriteResource(Utf8JsonWriter w, AzureResourceId resource)
    {
        w.WriteStartObject();
        w.WriteString("uid", resource.Id);
        w.WriteIfPresent("name", resource.Name);
        w.WriteIfPresent("type", resource.Type);
        if (resource.ResourceGroup is { } group)
        {
            w.WriteStartObject("group");
            w.WriteString("name", group);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    /// <summary>Writes <c>unmapped</c>: every top-level property whose name (any case) is not in <paramref name="mapped"/>.</summary>
    public static void WriteUnmapped(Utf8JsonWriter w, JsonElement record, IReadOnlySet<string> mapped, Action<Utf8JsonWriter>? extra = null)
    {
        w.WriteStartObject("unmapped");
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in record.EnumerateObject())
        {
            if (!mapped.Contains(property.Name) && written.Add(property.Name))
            {
                property.WriteTo(w);
            }
        }

        extra?.Invoke(w);
        w.WriteEndObject();
    }

}
