using System.Text.Json;
using TrailNormalizer.Core.Mapping.Azure.Monitor;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.Azure.Entra;

/// <summary>
/// Entra sign-in logs (interactive, non-interactive, service principal, managed identity) → Authentication
/// (3002), activity Logon: the signed-in user or principal, MFA, outcome, the resource signed in to, and the
/// client address with its location.
/// </summary>
public static class EntraSignInMapper
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
        var statusObject = p.ObjOrEncoded("status", owned);
        var location = p.ObjOrEncoded("location", owned) ?? p.ObjOrEncoded("locationDetails", owned);
        var device = p.ObjOrEncoded("deviceDetail", owned);
        var (sourceTime, original) = EntraRecords.Time(record, properties);
        long time = sourceTime ?? receivedMs;
        string? tenant = EntraRecords.Tenant(record, properties);
        string uid = AzureEventWriter.Uid(p.Val("id"), raw);
        var (statusId, code, detail) = Status(record, statusObject);
        bool principal = category.Contains("ServicePrincipal", StringComparison.OrdinalIgnoreCase) || category.Contains("ManagedIdentity", StringComparison.OrdinalIgnoreCase);

        string? userName = principal ? p.Val("servicePrincipalName") ?? p.Val("appDisplayName") : p.Val("userPrincipalName") ?? p.Val("userDisplayName");
        string? userUid = principal ? p.Val("servicePrincipalId") ?? p.Val("appId") : p.Val("userId");
        string? fallbackIdentity = record.Val("identity");
        bool unknownUser = userName is null && userUid is null && fallbackIdentity is null;

        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        using (var w = AzureEventWriter.NewWriter(buffer))
        {
            w.WriteStartObject();
            OcsfHeader.Write(w, OcsfClass.Authentication, 1, null, time, statusId, code, detail);
            AzureEventWriter.WriteMetadata(w, uid, EntraRecords.Product, original, sourceTime, receivedMs, record.Val("operationName"), category,
                record.Val("correlationId") ?? p.Val("correlationId"), record.Val("operationVersion"), unknownUser ? [AzureCaller.UnknownActorLabel] : null);
            AzureEventWriter.WriteCloud(w, null, tenant, null);

            w.WriteStartObject("user");
            w.WriteString("name", userName ?? fallbackIdentity ?? userUid ?? "unknown");
            AzureEventWriter.WriteIfPresent(w, "uid", userUid);
            if (!principal && p.Val("userDisplayName") is { } display && display != userName)
            {
                w.WriteString("full_name", display);
            }

            int type = principal ? OcsfEnums.UserTypeService : unknownUser ? OcsfEnums.UserTypeUnknown : OcsfEnums.UserTypeUser;
            w.WriteNumber("type_id", type);
            w.WriteString("type", OcsfEnums.UserTypeCaption(type));
            EntraRiskMapper.WriteRiskLevel(w, p.Val("riskLevelDuringSignIn") ?? p.Val("riskLevelAggregated"));
            w.WriteEndObject();

            if (Mfa(p) is { } mfa)
            {
                w.WriteBoolean("is_mfa", mfa);
            }

            w.WriteStartObject("service");
            w.WriteString("name", p.Val("resourceDisplayName") ?? p.Val("appDisplayName") ?? EntraRecords.Product);
            AzureEventWriter.WriteIfPresent(w, "uid", p.Val("resourceId") ?? p.Val("appId"));
            w.WriteEndObject();

            if ((p.Val("appDisplayName") ?? p.Val("appId")) is not null)
            {
                w.WriteStartObject("actor");
                AzureEventWriter.WriteIfPresent(w, "app_name", p.Val("appDisplayName"));
                AzureEventWriter.WriteIfPresent(w, "app_uid", p.Val("appId"));
                w.WriteEndObject();
            }

            // Graph and diagnostic settings write location{…}; Log Analytics rows LocationDetails{…} next to a Location country code.
            string? address = p.Val("ipAddress") ?? record.Val("callerIpAddress");
            if (address is not null || location is not null || device is not null)
            {
                AzureEventWriter.WriteSourceEndpoint(w, address, EntraRecords.Product, location, device);
            }

            if (p.Val("userAgent") is { } agent)
            {
                w.WriteStartObject("http_request");
                w.WriteString("user_agent", agent);
                w.WriteEndObject();
            }

            AzureEventWriter.WriteRaw(w, raw);
            AzureEventWriter.WriteUnmapped(w, record, Mapped);
            w.WriteEndObject();
        }

        return new NormalizedEvent(buffer.WrittenSpan.ToArray(), OcsfClass.Authentication.Uid, time, EntraRecords.Partition(tenant), uid);
    }

    /// <summary>Error code 0 is success, any other is failure (code and reason kept); no code at all is Unknown.</summary>
    private static (int? Id, string? Code, string? Detail) Status(JsonElement record, JsonElement? status)
    {
        string? code = status?.Val("errorCode") ?? record.Val("resultType");
        string? detail = status?.Val("failureReason") ?? record.Val("resultDescription") ?? status?.Val("additionalDetails");
        if (code is null)
        {
            return (0, null, detail);
        }

        return code == "0" ? (OcsfEnums.StatusSuccess, null, status?.Val("additionalDetails")) : (OcsfEnums.StatusFailure, code, detail);
    }

    /// <summary>MFA from authenticationRequirement, else from an mfaDetail that names a method; null when the record does not say.</summary>
    private static bool? Mfa(JsonElement p)
    {
        string? requirement = p.Val("authenticationRequirement");
        if (string.Equals(requirement, "multiFactorAuthentication", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (p.ObjI("mfaDetail")?.Val("authMethod") is not null)
        {
            return true;
        }

        return string.Equals(requirement, "singleFactorAuthentication", StringComparison.OrdinalIgnoreCase) ? false : null;
    }
}
