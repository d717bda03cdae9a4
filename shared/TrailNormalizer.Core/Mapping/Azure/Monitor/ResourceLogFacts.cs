using System.Text.Json;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.Azure.Monitor;

/// <summary>
/// Who and from where, for resource logs that write them in <c>properties</c> under their own names (SQL audit
/// <c>server_principal_name</c> / <c>client_ip</c>, App Service <c>CIp</c> / <c>User</c> / <c>UserAddress</c>, …), as data.
/// </summary>
internal static class ResourceLogFacts
{
    /// <summary>Property names that hold the client's IP address, first match wins.</summary>
    private static readonly string[] ClientIpFields =
    [
        "clientIp", "client_ip", "CIp", "clientIpAddress", "callerIpAddress", "sourceIpAddress", "UserAddress", "SourceIp", "remoteIp",
    ];

    /// <summary>Property names that hold the authenticated principal, first match wins.</summary>
    private static readonly string[] PrincipalFields =
    [
        "userPrincipalName", "server_principal_name", "principalName", "User", "CsUsername", "userName", "callerName",
    ];

    /// <summary>The client address in <paramref name="properties"/> when it is an IP (with or without a port), else null.</summary>
    public static string? ClientIp(JsonElement? properties)
    {
        foreach (string field in ClientIpFields)
        {
            if (Text(properties, field) is { } value && AzureEventWriter.SplitAddress(value).Ip is not null)
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>The principal named in <paramref name="properties"/> as a caller (User), else null.</summary>
    public static AzureCaller? Principal(JsonElement? properties)
    {
        foreach (string field in PrincipalFields)
        {
            if (Text(properties, field) is { } name && name != "-")
            {
                string? display = Text(properties, "UserDisplayName");
                return new AzureCaller(name, null, display is not null && display != name ? display : null, null,
                    OcsfEnums.UserTypeUser, "User", null, null, null);
            }
        }

        return null;
    }

    /// <summary>SQL audit's <c>succeeded</c> ("true"/"false" or a boolean); null when absent.</summary>
    public static bool? Succeeded(JsonElement? properties) => properties?.GetAnyCase("succeeded") switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        { ValueKind: JsonValueKind.String } s when bool.TryParse(s.GetString(), out bool value) => value,
        _ => null,
    };

    private static string? Text(JsonElement? obj, string name) =>
        obj?.GetAnyCase(name) is { ValueKind: JsonValueKind.String } value && value.GetString() is { Length: > 0 } text ? text.Trim() : null;
}
