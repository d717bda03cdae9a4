using System.Text.Json;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.Azure.Monitor;

/// <summary>
/// Who called, as OCSF <c>actor</c>, from the identity shapes Azure logs use: Activity Log
/// <c>caller</c> + <c>identity.claims</c> / <c>claims</c> + <c>identity.authorization</c> / <c>authorization</c>;
/// Key Vault <c>identity.claim</c>; Notification Hubs <c>callerIdentity</c> (a JSON-encoded string);
/// Storage <c>identity</c> {type, tokenHash, requester}.
/// </summary>
internal sealed record AzureCaller(string? Name, string? Uid, string? FullName, string? AppUid, int TypeId, string? TypeName, string? CredentialUid, string? Role, string? RoleAssignment)
{
    /// <summary>The label added when a record names no caller at all (actor.user is then "unknown").</summary>
    public const string UnknownActorLabel = "actor:unknown";

    /// <summary>The caller's address from the token's <c>ipaddr</c> claim (records without <c>callerIpAddress</c> still carry it).</summary>
    public string? ClaimedIp { get; init; }

    /// <summary>True when the token's <c>amr</c> claim lists <c>mfa</c>; false when it lists methods without it; null when absent.</summary>
    public bool? Mfa { get; init; }

    /// <summary>True when the record said nothing about its caller.</summary>
    public bool IsUnknown => Name is null && Uid is null && AppUid is null;

    /// <summary>Reads the caller from a record (Activity Log, Key Vault, Storage shapes).</summary>
    public static AzureCaller From(JsonElement record, JsonElement? notificationHubsIdentity = null)
    {
        if (notificationHubsIdentity is { } nh)
        {
            string? identityType = nh.TextAnyCase("identityType");
            string? identity = nh.TextAnyCase("identity");
            bool isUser = string.Equals(identityType, "Username", StringComparison.OrdinalIgnoreCase);
            return new AzureCaller(identity ?? identityType, null, null, null,
                isUser ? OcsfEnums.UserTypeUser : OcsfEnums.UserTypeOther, isUser ? "User" : identityType ?? "Other", null, null, null);
        }

        var identityObject = record.ObjAnyCase("identity");
        var claims = identityObject?.ObjAnyCase("claims") ?? record.ObjAnyCase("claims") ?? identityObject?.ObjAnyCase("claim");
        var authorization = identityObject?.ObjAnyCase("authorization") ?? record.ObjAnyCase("authorization");
        var evidence = authorization?.ObjAnyCase("evidence");
        string? role = evidence?.TextAnyCase("role");
        string? roleAssignment = evidence?.TextAnyCase("roleAssignmentId");

        string? caller = record.TextAnyCase("caller");
        string? upn = Claim(claims, "upn") ?? Claim(claims, "unique_name");
        string? oid = Claim(claims, "objectidentifier") ?? Claim(claims, "oid");
        string? displayName = Claim(claims, "name");
        string? appId = Claim(claims, "appid") ?? Claim(claims, "azp");

        if (claims is null && identityObject?.TextAnyCase("type") is { } storageAuth)
        {
            // Storage resource logs: identity {type: SAS|AccountKey|OAuth|Anonymous, tokenHash, requester {upn, objectId, appId}}.
            var requester = identityObject.Value.ObjAnyCase("requester");
            string? requesterName = requester?.TextAnyCase("upn") ?? requester?.TextAnyCase("userPrincipalName");
            return new AzureCaller(requesterName ?? storageAuth, requester?.TextAnyCase("objectId"), null, requester?.TextAnyCase("appId"),
                requesterName is not null ? OcsfEnums.UserTypeUser : OcsfEnums.UserTypeOther, requesterName is not null ? "User" : storageAuth,
                identityObject.Value.TextAnyCase("tokenHash"), role, roleAssignment);
        }

        string? name = upn ?? (caller is not null && !Guid.TryParse(caller, out _) ? caller : null) ?? displayName;
        // Without claims or caller, the role assignment that authorized the call still names the principal (and its type).
        string? evidencePrincipal = evidence?.TextAnyCase("principalId");
        string? uid = oid ?? (caller is not null && Guid.TryParse(caller, out _) ? caller : null) ?? evidencePrincipal;
        bool person = upn is not null || (caller?.Contains('@', StringComparison.Ordinal) ?? false)
            || (uid == evidencePrincipal && string.Equals(evidence?.TextAnyCase("principalType"), "User", StringComparison.OrdinalIgnoreCase));
        int type = person ? OcsfEnums.UserTypeUser : (appId is not null || uid is not null) ? OcsfEnums.UserTypeService : OcsfEnums.UserTypeUnknown;
        string? fullName = displayName is not null && displayName != name ? displayName : null;
        return new AzureCaller(name?.Trim(), uid, fullName, appId, type, OcsfEnums.UserTypeCaption(type), null, role, roleAssignment)
        {
            ClaimedIp = Claim(claims, "ipaddr"),
            Mfa = AuthenticationMethodsIncludeMfa(claims),
        };
    }

    /// <summary>
    /// Reads the <c>amr</c> claim (<c>amr</c> or <c>…/claims/authnmethodsreferences</c>), written as <c>"pwd,mfa"</c>,
    /// <c>"rsa,mfa"</c> or a JSON array: true when it names <c>mfa</c>, false when it names other methods only.
    /// </summary>
    public static bool? AuthenticationMethodsIncludeMfa(JsonElement? claims)
    {
        if (claims is not { ValueKind: JsonValueKind.Object } c)
        {
            return null;
        }

        var methods = new List<string>();
        foreach (var property in c.EnumerateObject())
        {
            bool amr = property.Name.Equals("amr", StringComparison.OrdinalIgnoreCase)
                || property.Name.EndsWith("/authnmethodsreferences", StringComparison.OrdinalIgnoreCase);
            if (!amr)
            {
                continue;
            }

            if (property.Value.ValueKind == JsonValueKind.Array)
            {
                methods.AddRange(property.Value.EnumerateArray().Select(SourceJson.ValueText).OfType<string>());
            }
            else if (SourceJson.ValueText(property.Value) is { } text)
            {
                methods.AddRange(text.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            }
        }

        return methods.Count == 0 ? null : methods.Any(m => m.Equals("mfa", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A claim by short name (<c>upn</c>) or by its URI form (<c>…/claims/upn</c>).</summary>
    public static string? Claim(JsonElement? claims, string name)
    {
        if (claims is not { ValueKind: JsonValueKind.Object } c)
        {
            return null;
        }

        if (c.TextAnyCase(name) is { } direct)
        {
            return direct;
        }

        foreach (var property in c.EnumerateObject())
        {
            if (property.Name.EndsWith("/" + name, StringComparison.OrdinalIgnoreCase) && SourceJson.ValueText(property.Value) is { } value)
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>Writes <c>actor</c>; a caller the record does not name is written as user "unknown" (and labelled by the mapper).</summary>
    public void WriteActor(Utf8JsonWriter w)
    {
        w.WriteStartObject("actor");
        WriteUser(w, "user");
        w.WriteIfPresent("app_uid", AppUid);
        if (Mfa is { } mfa)
        {
            w.WriteStartObject("session");
            w.WriteBoolean("is_mfa", mfa);
            w.WriteEndObject();
        }

        if (Role is not null)
        {
            w.WriteStartArray("authorizations");
            w.WriteStartObject();
            w.WriteStartObject("policy");
            w.WriteString("name", Role);
            w.WriteIfPresent("uid", RoleAssignment);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    /// <summary>Writes the caller as an OCSF <c>user</c> object named <paramref name="property"/>.</summary>
    public void WriteUser(Utf8JsonWriter w, string property)
    {
        if (Name is null && Uid is null && AppUid is not null)
        {
            return; // an application with no user: actor.app_uid says it all
        }

        w.WriteStartObject(property);
        if (Name is not null || Uid is null)
        {
            w.WriteString("name", Name ?? "unknown"); // a principal known only by its object id has no name
        }

        w.WriteIfPresent("uid", Uid);
        w.WriteIfPresent("full_name", FullName);
        w.WriteIfPresent("credential_uid", CredentialUid);
        w.WriteNumber("type_id", TypeId);
        w.WriteString("type", TypeId == OcsfEnums.UserTypeOther && TypeName is not null ? TypeName : OcsfEnums.UserTypeCaption(TypeId));
        w.WriteEndObject();
    }
}
