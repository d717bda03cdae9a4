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
        w.WriteStartObject("actor"u8);
        if (identity is { } id)
        {
            if (HasUser(id))
            {
                WriteUser(w, "user", id);
            }

            WriteSession(w, id);
            w.WriteIfPresent("invoked_by"u8, id.NonEmpty("invokedBy"u8));
            if (id.NonEmpty("identityProvider"u8) is { } idp)
            {
                w.WriteStartObject("idp"u8);
                w.WriteString("name"u8, idp);
                w.WriteEndObject();
            }

            if (!HasUser(id) && id.NonEmpty("invokedBy"u8) is null)
            {
                WriteUnknownUser(w, account);
            }
        }
        else if (record.Str("eventType"u8) == CloudTrailRecordMapper.InsightEventType)
        {
            w.WriteString("app_name"u8, "AWS CloudTrail Insights");
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
        WriteUserName(w, id, type, arn);
        if (arn is not null)
        {
            w.WriteString("uid"u8, arn);
            w.WriteIfPresent("uid_alt"u8, principalId);
        }
        else
        {
            w.WriteIfPresent("uid"u8, principalId);
        }

        w.WriteNumber("type_id"u8, typeId);
        w.WriteString("type"u8, typeId == OcsfEnums.UserTypeOther ? type! : OcsfEnums.UserTypeCaption(typeId));
        w.WriteIfPresent("credential_uid"u8, id.NonEmpty("accessKeyId"u8));
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
                w.WriteStartObject("userIdentity"u8);
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
                    w.WriteStartObject("userIdentity"u8);
                    started = true;
                }

                w.WritePropertyName("sessionContext." + property.Name);
                property.Value.WriteTo(w);
            }

            if (context.Obj("sessionIssuer"u8) is { } issuer)
            {
                if (!started)
                {
                    w.WriteStartObject("userIdentity"u8);
                    started = true;
                }

                w.WritePropertyName("sessionContext.sessionIssuer"u8);
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
        w.WriteStartObject("user"u8);
        w.WriteNumber("type_id"u8, OcsfEnums.UserTypeUnknown);
        w.WriteString("type"u8, OcsfEnums.UserTypeCaption(OcsfEnums.UserTypeUnknown));
        if (account is not null)
        {
            WriteAwsAccount(w, "account", account);
        }
        else
        {
            w.WriteString("name"u8, "unknown");
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

        w.WriteStartObject("session"u8);
        if (created is { } c)
        {
            w.WriteNumber("created_time"u8, c);
        }

        if (mfa is { } m)
        {
            w.WriteBoolean("is_mfa"u8, m);
        }

        w.WriteIfPresent("issuer"u8, issuer);
        w.WriteIfPresent("credential_uid"u8, credential);
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

    /// <summary>Writes the user's <c>name</c> when the identity gives one (the ARN's tail is written without a string of its own).</summary>
    private static void WriteUserName(Utf8JsonWriter w, JsonElement id, string? type, string? arn)
    {
        if (id.NonEmpty("userName"u8) is { } userName)
        {
            w.WriteString("name"u8, userName);
        }
        else if (type == "Root")
        {
            w.WriteString("name"u8, "root");
        }
        else if (type == "AssumedRole" && arn is not null)
        {
            // arn:aws:sts::111122223333:assumed-role/RoleName/session-name → "RoleName/session-name"
            int slash = arn.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0)
            {
                w.WriteString("name"u8, arn.AsSpan(slash + 1));
            }
        }
        else if (type == "AWSService")
        {
            w.WriteIfPresent("name"u8, id.NonEmpty("invokedBy"u8));
        }
        else if (arn is not null && arn.LastIndexOf('/') is int i and >= 0)
        {
            w.WriteString("name"u8, arn.AsSpan(i + 1));
        }
    }
}
