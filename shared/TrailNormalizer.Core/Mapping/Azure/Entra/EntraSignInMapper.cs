using System.Text.Json;
using TrailNormalizer.Core.Mapping.Azure.Monitor;
using TrailNormalizer.Core.Ocsf;
using TrailNormalizer.Core.Rules;

namespace TrailNormalizer.Core.Mapping.Azure.Entra;

/// <summary>
/// Entra sign-in logs (interactive, non-interactive, service principal, managed identity) → Authentication
/// (3002), activity Logon: the signed-in user or principal, MFA, outcome, the resource signed in to, and the
/// client address with its location.
/// </summary>
internal static class EntraSignInMapper
{
    private static readonly HashSet<string> Mapped = new(EntraRecords.CommonMapped.Concat(["resultType", "resultSignature", "resultDescription", "identity"]), StringComparer.OrdinalIgnoreCase);

    /// <summary>Maps a sign-in record.</summary>
    public static NormalizedEvent Map(JsonElement record, JsonElement? properties, string category, ReadOnlySpan<byte> raw, long receivedMs)
    {
        // Log Analytics exports may write the dynamic columns (Status, LocationDetails, DeviceDetail) as JSON-encoded strings.
        var owned = new List<JsonDocument>();
        try
        {
            return Map(record, properties ?? default, category, raw, receivedMs, owned);
        }
        finally
        {
            owned.ForEach(d => d.Dispose());
        }
    }

    private static NormalizedEvent Map(JsonElement record, JsonElement p, string category, ReadOnlySpan<byte> raw, long receivedMs, List<JsonDocument> owned)
    {
        var properties = p.ValueKind == JsonValueKind.Object ? p : (JsonElement?)null;
        var statusObject = p.ObjOrEncodedAnyCase("status", owned);
        var location = p.ObjOrEncodedAnyCase("location", owned) ?? p.ObjOrEncodedAnyCase("locationDetails", owned);
        var device = p.ObjOrEncodedAnyCase("deviceDetail", owned);
        var (sourceTime, original) = EntraRecords.Time(record, properties);
        var (time, substituted) = EventTime.OrReceived(sourceTime, receivedMs);
        string? tenant = EntraRecords.Tenant(record, properties);
        string uid = RawData.Uid(p.TextAnyCase("id"), raw);
        var (statusId, code, detail) = Status(record, statusObject);
        bool principal = category.Contains("ServicePrincipal", StringComparison.OrdinalIgnoreCase) || category.Contains("ManagedIdentity", StringComparison.OrdinalIgnoreCase);

        string? userName = principal ? p.TextAnyCase("servicePrincipalName") ?? p.TextAnyCase("appDisplayName") : p.TextAnyCase("userPrincipalName") ?? p.TextAnyCase("userDisplayName");
        string? userUid = principal ? p.TextAnyCase("servicePrincipalId") ?? p.TextAnyCase("appId") : p.TextAnyCase("userId");
        string? fallbackIdentity = record.TextAnyCase("identity");
        bool unknownUser = userName is null && userUid is null && fallbackIdentity is null;

        using var ev = new OcsfEventBuffer();
        var w = ev.Writer;
        w.WriteStartObject();
        OcsfHeader.Write(w, OcsfClass.Authentication, 1, null, time, statusId, code, detail);
        AzureEventWriter.WriteMetadata(w, uid, EntraRecords.Product, original, substituted, record.TextAnyCase("operationName"), category,
            record.TextAnyCase("correlationId") ?? p.TextAnyCase("correlationId"), record.TextAnyCase("operationVersion"), unknownUser ? [AzureCaller.UnknownActorLabel] : null);
        AzureEventWriter.WriteCloud(w, null, tenant, null);

        w.WriteStartObject("user");
        w.WriteString("name", userName ?? fallbackIdentity ?? userUid ?? "unknown");
        w.WriteIfPresent("uid", userUid);
        if (!principal && p.TextAnyCase("userDisplayName") is { } display && display != userName)
        {
            w.WriteString("full_name", display);
        }

        int type = principal ? OcsfEnums.UserTypeService : unknownUser ? OcsfEnums.UserTypeUnknown : OcsfEnums.UserTypeUser;
        w.WriteNumber("type_id", type);
        w.WriteString("type", OcsfEnums.UserTypeCaption(type));
        EntraRiskMapper.WriteRiskLevel(w, p.TextAnyCase("riskLevelDuringSignIn") ?? p.TextAnyCase("riskLevelAggregated"));
        w.WriteEndObject();

        if (Mfa(p) is { } mfa)
        {
            w.WriteBoolean("is_mfa", mfa);
        }

        w.WriteStartObject("service");
        w.WriteString("name", p.TextAnyCase("resourceDisplayName") ?? p.TextAnyCase("appDisplayName") ?? EntraRecords.Product);
        w.WriteIfPresent("uid", p.TextAnyCase("resourceId") ?? p.TextAnyCase("appId"));
        w.WriteEndObject();

        if ((p.TextAnyCase("appDisplayName") ?? p.TextAnyCase("appId")) is not null)
        {
            w.WriteStartObject("actor");
            w.WriteIfPresent("app_name", p.TextAnyCase("appDisplayName"));
            w.WriteIfPresent("app_uid", p.TextAnyCase("appId"));
            w.WriteEndObject();
        }

        // Graph and diagnostic settings write location{…}; Log Analytics rows LocationDetails{…} next to a Location country code.
        string? address = p.TextAnyCase("ipAddress") ?? record.TextAnyCase("callerIpAddress");
        if (address is not null || location is not null || device is not null)
        {
            AzureEventWriter.WriteSourceEndpoint(w, address, EntraRecords.Product, location, device);
        }

        if (p.TextAnyCase("userAgent") is { } agent)
        {
            w.WriteStartObject("http_request");
            w.WriteString("user_agent", agent);
            w.WriteEndObject();
        }

        RawData.Write(w, raw);
        AzureEventWriter.WriteUnmapped(w, record, Mapped);
        w.WriteEndObject();

        return ev.Finish(OcsfClass.Authentication.Uid, time, EntraRecords.Partition(tenant), uid, SourceKind.EntraSignIn);
    }

    /// <summary>Error code 0 is success, any other is failure (code and reason kept); no code at all is Unknown.</summary>
    private static (int? Id, string? Code, string? Detail) Status(JsonElement record, JsonElement? status)
    {
        string? code = status?.TextAnyCase("errorCode") ?? record.TextAnyCase("resultType");
        string? detail = status?.TextAnyCase("failureReason") ?? record.TextAnyCase("resultDescription") ?? status?.TextAnyCase("additionalDetails");
        if (code is null)
        {
            return (0, null, detail);
        }

        return code == "0" ? (OcsfEnums.StatusSuccess, null, status?.TextAnyCase("additionalDetails")) : (OcsfEnums.StatusFailure, code, detail);
    }

    /// <summary>MFA from authenticationRequirement, else from an mfaDetail that names a method; null when the record does not say.</summary>
    private static bool? Mfa(JsonElement p)
    {
        string? requirement = p.TextAnyCase("authenticationRequirement");
        if (string.Equals(requirement, "multiFactorAuthentication", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (p.ObjAnyCase("mfaDetail")?.TextAnyCase("authMethod") is not null)
        {
            return true;
        }

        return string.Equals(requirement, "singleFactorAuthentication", StringComparison.OrdinalIgnoreCase) ? false : null;
    }
}
