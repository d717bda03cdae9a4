using System.Text.Json;
using TrailNormalizer.Core.Ocsf;
using static TrailNormalizer.Core.Mapping.CloudTrail.CloudTrailRecordMapper;

namespace TrailNormalizer.Core.Mapping.CloudTrail;

/// <summary>Maps CloudTrail's <c>userIdentity</c> onto OCSF <c>actor</c>, <c>user</c> and <c>session</c>.</summary>
internal static class CloudTrailIdentity
{
    private static readonly Utf8NameSet MappedIdentityFields = new(
        "type", "principalId", "arn", "accountId", "accessKeyId", "userName", "invokedBy", "identityProvider", "sessionContext");

    /// <summary>Writes <c>actor</c>: who made the call. Always written, since API Activity requires it.</summary>
    public static void WriteActor(Utf8JsonWriter w, JsonElement record, JsonElement? identity, string? account)
    {
        w.WriteStartObject("actor");
        if (identity is { } id)
        {
            if (HasUser(id))
            {
                WriteUser(w, "user", id);
            }

            WriteSession(w, id);
            w.WriteIfPresent("invoked_by", id.NonEmpty("invokedBy"u8));
            if (id.NonEmpty("identityProvider"u8) is { } idp)
            {
                w.WriteStartObject("idp");
                w.WriteString("name", idp);
                w.WriteEndObject();
            }

            if (!HasUser(id) && id.NonEmpty("invokedBy"u8) is null)
            {
                WriteUnknownUser(w, account);
            }
        }
        else if (record.Str("eventType"u8) == CloudTrailRecordMapper.InsightEventType)
        {
            w.WriteString("app_name", "AWS CloudTrail Insights");
        }
        else
        {
            WriteUnknownUser(w, account);
        }

        w.WriteEndObject();
    }

    /// <summary>Writes an OCSF user object for a CloudTrail identity.</summary>
    public static void WriteUser(Utf8JsonWriter w, string name, JsonElement id)
    {
        string? type = id.NonEmpty("type"u8);
        string? arn = id.NonEmpty("arn"u8);
        string? principalId = id.NonEmpty("principalId"u8);
        int typeId = UserTypeId(type);

        w.WriteStartObject(name);
        w.WriteIfPresent("name", UserName(id, type, arn));
        if (arn is not null)
        {
            w.WriteString("uid", arn);
            w.WriteIfPresent("uid_alt", principalId);
        }
        else
        {
            w.WriteIfPresent("uid", principalId);
        }

        w.WriteNumber("type_id", typeId);
        w.WriteString("type", typeId == OcsfEnums.UserTypeOther ? type! : OcsfEnums.UserTypeCaption(typeId));
        w.WriteIfPresent("credential_uid", id.NonEmpty("accessKeyId"u8));
        if (id.NonEmpty("accountId"u8) is { } accountId)
        {
            WriteAwsAccount(w, "account", accountId);
        }

        w.WriteEndObject();
    }

    /// <summary>Source identity fields the mapping does not consume, kept under <c>unmapped.userIdentity</c>.</summary>
    public static void WriteUnmappedIdentity(Utf8JsonWriter w, JsonElement id)
    {
        bool started = false;
        foreach (var property in id.EnumerateObject())
        {
            if (MappedIdentityFields.Contains(property))
            {
                continue;
            }

            if (!started)
            {
                w.WriteStartObject("userIdentity");
                started = true;
            }

            property.WriteTo(w);
        }

        // sessionContext: attributes and sessionIssuer.arn are mapped to actor.session; the rest is kept.
        if (id.Obj("sessionContext"u8) is { } context)
        {
            foreach (var property in context.EnumerateObject())
            {
                if ((property.NameEquals("attributes"u8) || property.NameEquals("sessionIssuer"u8)) && property.Value.ValueKind == JsonValueKind.Object)
                {
                    continue;
                }

                if (!started)
                {
                    w.WriteStartObject("userIdentity");
                    started = true;
                }

                w.WritePropertyName("sessionContext." + property.Name);
                property.Value.WriteTo(w);
            }

            if (context.Obj("sessionIssuer"u8) is { } issuer)
            {
                if (!started)
                {
                    w.WriteStartObject("userIdentity");
                    started = true;
                }

                w.WritePropertyName("sessionContext.sessionIssuer");
                issuer.WriteTo(w);
            }
        }

        if (started)
        {
            w.WriteEndObject();
        }
    }

    internal static bool HasUser(JsonElement id) =>
        id.HasText("arn"u8) || id.HasText("principalId"u8) || id.HasText("accountId"u8) || id.HasText("userName"u8);

    private static void WriteUnknownUser(Utf8JsonWriter w, string? account)
    {
        // The record names no principal; say so rather than invent one.
        w.WriteStartObject("user");
        w.WriteNumber("type_id", OcsfEnums.UserTypeUnknown);
        w.WriteString("type", OcsfEnums.UserTypeCaption(OcsfEnums.UserTypeUnknown));
        if (account is not null)
        {
            WriteAwsAccount(w, "account", account);
        }
        else
        {
            w.WriteString("name", "unknown");
        }

        w.WriteEndObject();
    }

    private static void WriteSession(Utf8JsonWriter w, JsonElement id)
    {
        var context = id.Obj("sessionContext"u8);
        if (context is null)
        {
            return;
        }

        var attributes = context.Value.Obj("attributes"u8);
        long? created = OcsfTime.ParseIso(attributes?.Str("creationDate"u8)) is { } t && t >= EventTime.EarliestPlausibleMs ? t : null; // not a year-0026 typo
        bool? mfa = attributes?.Bool("mfaAuthenticated"u8);
        string? issuer = context.Value.Obj("sessionIssuer"u8)?.NonEmpty("arn"u8);
        string? credential = id.NonEmpty("accessKeyId"u8);
        if (created is null && mfa is null && issuer is null)
        {
            return;
        }

        w.WriteStartObject("session");
        if (created is { } c)
        {
            w.WriteNumber("created_time", c);
        }

        if (mfa is { } m)
        {
            w.WriteBoolean("is_mfa", m);
        }

        w.WriteIfPresent("issuer", issuer);
        w.WriteIfPresent("credential_uid", credential);
        w.WriteEndObject();
    }

    private static int UserTypeId(string? type) => type switch
    {
        "Root" => OcsfEnums.UserTypeAdmin,
        "IAMUser" or "FederatedUser" or "IdentityCenterUser" or "SAMLUser" or "WebIdentityUser" => OcsfEnums.UserTypeUser,
        "AWSService" => OcsfEnums.UserTypeService,
        null or "" or "Unknown" => OcsfEnums.UserTypeUnknown,
        _ => OcsfEnums.UserTypeOther, // AssumedRole, AWSAccount, Directory, ...: keep the source's word
    };

    private static string? UserName(JsonElement id, string? type, string? arn)
    {
        if (id.NonEmpty("userName"u8) is { } userName)
        {
            return userName;
        }

        if (type == "Root")
        {
            return "root";
        }

        if (type == "AssumedRole" && arn is not null)
        {
            // arn:aws:sts::111122223333:assumed-role/RoleName/session-name → "RoleName/session-name"
            int slash = arn.IndexOf('/', StringComparison.Ordinal);
            return slash >= 0 ? arn[(slash + 1)..] : null;
        }

        if (type == "AWSService")
        {
            return id.NonEmpty("invokedBy"u8);
        }

        return arn is not null && arn.LastIndexOf('/') is int i and >= 0 ? arn[(i + 1)..] : null;
    }
}
