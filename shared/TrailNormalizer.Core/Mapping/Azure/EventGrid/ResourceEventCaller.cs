using System.Text.Json;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.Azure.EventGrid;

/// <summary>
/// Who made an Azure Resource Manager call, from a Microsoft.Resources event's <c>data.claims</c> (the caller's
/// token claims, by short name or claim URI) and <c>data.authorization</c> (action, scope, evidence).
/// </summary>
/// <param name="Name">The UPN, else the display name.</param>
/// <param name="Uid">The object id (<c>oid</c> claim), else the authorization evidence's principalId.</param>
/// <param name="FullName">The display name (<c>name</c> claim) when it differs from <paramref name="Name"/>.</param>
/// <param name="AppUid">The client application id (<c>appid</c> / <c>azp</c>).</param>
/// <param name="TypeId">OCSF user type: User for a UPN or principalType User, Service for applications.</param>
/// <param name="Ip">The caller address (<c>ipaddr</c> claim), when it is an IP.</param>
/// <param name="Authorization">The authorization object, if any.</param>
internal sealed record ResourceEventCaller(string? Name, string? Uid, string? FullName, string? AppUid, int TypeId, string? Ip, JsonElement? Authorization)
{
    /// <summary>Whether the token was issued after MFA, from its <c>amr</c> claim; null when the claims do not say.</summary>
    public bool? Mfa { get; init; }

    /// <summary>True when neither claims nor authorization name the caller.</summary>
    public bool IsUnknown => Name is null && Uid is null && AppUid is null;

    public static ResourceEventCaller From(JsonElement? claims, JsonElement? authorization)
    {
        var evidence = SourceJson.ObjTrimmedKey(authorization, "evidence");
        string? upn = Claim(claims, "upn") ?? Claim(claims, "unique_name");
        string? displayName = Claim(claims, "name");
        string? oid = Claim(claims, "objectidentifier") ?? Claim(claims, "oid");
        string? appId = Claim(claims, "appid") ?? Claim(claims, "azp");
        string? principalId = SourceJson.TextTrimmedKey(evidence, "principalId");
        string? principalType = SourceJson.TextTrimmedKey(evidence, "principalType");

        string? name = upn ?? displayName;
        int type = upn is not null || string.Equals(principalType, "User", StringComparison.OrdinalIgnoreCase)
            ? OcsfEnums.UserTypeUser
            : (appId is not null || principalType is not null) ? OcsfEnums.UserTypeService : OcsfEnums.UserTypeUnknown;
        string? fullName = displayName is not null && displayName != name ? displayName : null;
        return new ResourceEventCaller(name, oid ?? principalId, fullName, appId, type, EventGridWriter.Ip(Claim(claims, "ipaddr")), authorization)
        {
            Mfa = Monitor.AzureCaller.AuthenticationMethodsIncludeMfa(claims),
        };
    }

    /// <summary>A claim by short name (<c>upn</c>) or by a claim URI ending in it (<c>…/identity/claims/upn</c>).</summary>
    public static string? Claim(JsonElement? claims, string name)
    {
        if (claims is not { ValueKind: JsonValueKind.Object } c)
        {
            return null;
        }

        if (c.TryGetProperty(name, out var direct) && SourceJson.TrimmedText(direct) is { } value)
        {
            return value;
        }

        foreach (var property in c.EnumerateObject())
        {
            if (property.Name.EndsWith("/" + name, StringComparison.OrdinalIgnoreCase) && SourceJson.TrimmedText(property.Value) is { } uriValue)
            {
                return uriValue;
            }
        }

        return null;
    }

    /// <summary>Writes <c>actor</c>: user, app_uid and the role the authorization evidence names.</summary>
    public void WriteActor(Utf8JsonWriter w)
    {
        w.WriteStartObject("actor");
        if (Name is not null || Uid is not null || AppUid is null)
        {
            w.WriteStartObject("user");
            w.WriteString("name", Name ?? (Uid is null ? "unknown" : Uid));
            w.WriteIfPresent("uid", Uid);
            w.WriteIfPresent("full_name", FullName);
            if (OcsfEmail.IsValid(Name))
            {
                w.WriteString("email_addr", Name);
            }

            w.WriteNumber("type_id", TypeId);
            w.WriteString("type", OcsfEnums.UserTypeCaption(TypeId));
            w.WriteEndObject();
        }

        w.WriteIfPresent("app_uid", AppUid);
        if (Mfa is { } mfa)
        {
            w.WriteStartObject("session");
            w.WriteBoolean("is_mfa", mfa);
            w.WriteEndObject();
        }

        WriteAuthorization(w);
        w.WriteEndObject();
    }

    private void WriteAuthorization(Utf8JsonWriter w)
    {
        var evidence = SourceJson.ObjTrimmedKey(Authorization, "evidence");
        string? role = SourceJson.TextTrimmedKey(evidence, "role");
        string? roleAssignment = SourceJson.TextTrimmedKey(evidence, "roleAssignmentId");
        string? roleDefinition = SourceJson.TextTrimmedKey(evidence, "roleDefinitionId");
        if (role is null && roleAssignment is null && roleDefinition is null)
        {
            return;
        }

        w.WriteStartArray("authorizations");
        w.WriteStartObject();
        w.WriteStartObject("policy");
        w.WriteIfPresent("name", role);
        w.WriteIfPresent("uid", roleAssignment ?? roleDefinition);
        w.WriteIfPresent("type", "Azure RBAC role assignment");
        w.WriteIfPresent("desc", SourceJson.TextTrimmedKey(evidence, "roleAssignmentScope") is { } scope ? $"Role assignment scope: {scope}" : null);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
    }
}
