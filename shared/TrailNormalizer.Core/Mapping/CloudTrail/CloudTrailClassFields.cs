using System.Text.Json;
using TrailNormalizer.Core.Ocsf;
using static TrailNormalizer.Core.Mapping.CloudTrail.CloudTrailRecordMapper;

namespace TrailNormalizer.Core.Mapping.CloudTrail;

/// <summary>The attributes specific to Authentication, Account Change and Event Log Activity events from CloudTrail.</summary>
internal static class CloudTrailClassFields
{
    /// <summary>Authentication (3002): the authenticating user, MFA, protocol, the issued session, the service.</summary>
    public static void WriteAuthentication(Utf8JsonWriter w, JsonElement record, JsonElement? identity, string eventSource, string eventName)
    {
        if (identity is { } id && CloudTrailIdentity.HasUser(id))
        {
            CloudTrailIdentity.WriteUser(w, "user", id);
        }
        else if (identity?.NonEmpty("invokedBy"u8) is { } service)
        {
            // An AWS service authenticating on its own behalf (e.g. EC2 assuming an instance role).
            w.WriteStartObject("user"u8);
            w.WriteString("name"u8, service);
            w.WriteNumber("type_id"u8, OcsfEnums.UserTypeService);
            w.WriteString("type"u8, OcsfEnums.UserTypeCaption(OcsfEnums.UserTypeService));
            w.WriteEndObject();
        }
        else
        {
            WriteNamedUser(w, "user", "unknown", null);
        }

        var additional = record.Obj("additionalEventData"u8);
        if (additional?.Str("MFAUsed"u8) is { } mfaUsed)
        {
            w.WriteBoolean("is_mfa"u8, mfaUsed.Equals("Yes", StringComparison.OrdinalIgnoreCase));
        }

        int? protocol = eventName switch
        {
            "AssumeRoleWithSAML" => OcsfEnums.AuthProtocolSaml,
            "AssumeRoleWithWebIdentity" => OcsfEnums.AuthProtocolOpenId,
            _ => null,
        };
        if (protocol is { } p)
        {
            w.WriteNumber("auth_protocol_id"u8, p);
            w.WriteString("auth_protocol"u8, OcsfEnums.AuthProtocolCaption(p));
        }

        WriteIssuedSession(w, record);

        w.WriteStartObject("service"u8);
        w.WriteString("name"u8, eventSource);
        w.WriteEndObject();
    }

    /// <summary>
    /// Account Change (3001): the user or role whose account, credentials or policies changed (with its ARN when the
    /// response returns it, as CreateUser and CreateRole do), and the policy attached, detached or put.
    /// </summary>
    public static void WriteAccountChange(Utf8JsonWriter w, JsonElement record, JsonElement? identity, string? account)
    {
        var request = record.Obj("requestParameters"u8);
        var response = record.Obj("responseElements"u8);
        string? targetName = request?.NonEmpty("userName"u8) ?? request?.NonEmpty("roleName"u8);
        string? credential = response?.Obj("accessKey"u8)?.NonEmpty("accessKeyId"u8) ?? request?.NonEmpty("accessKeyId"u8);
        var created = response?.Obj("user"u8) ?? response?.Obj("role"u8);
        string? targetUid = created?.NonEmpty("arn"u8) ?? created?.NonEmpty("userId"u8) ?? created?.NonEmpty("roleId"u8);

        if (targetName is not null)
        {
            WriteNamedUser(w, "user", targetName, account, credential, targetUid);
        }
        else if (identity is { } id && CloudTrailIdentity.HasUser(id))
        {
            // Self-service calls (ChangePassword, CreateAccessKey without userName) change the caller.
            CloudTrailIdentity.WriteUser(w, "user", id);
        }
        else
        {
            WriteNamedUser(w, "user", "unknown", account, credential);
        }

        WritePolicy(w, request);
    }

    /// <summary>The policy of Attach/Detach/Put/Delete…Policy calls: its ARN (managed) or its name (inline).</summary>
    private static void WritePolicy(Utf8JsonWriter w, JsonElement? request)
    {
        string? arn = request?.NonEmpty("policyArn"u8);
        string? name = request?.NonEmpty("policyName"u8) ?? (arn is null ? null : arn[(arn.LastIndexOf('/') + 1)..]);
        if (arn is null && name is null)
        {
            return;
        }

        w.WriteStartObject("policy"u8);
        w.WriteIfPresent("name"u8, name);
        w.WriteIfPresent("uid"u8, arn);
        w.WriteEndObject();
    }

    /// <summary>Event Log Activity (1008): which log was stopped, deleted or changed, and by which service.</summary>
    public static void WriteEventLog(Utf8JsonWriter w, JsonElement record, string eventSource)
    {
        var request = record.Obj("requestParameters"u8);
        string? logName = request?.NonEmpty("name"u8) ?? request?.NonEmpty("trailName"u8) ?? request?.NonEmpty("logGroupName"u8)
            ?? request?.NonEmpty("eventDataStore"u8) ?? request?.NonEmpty("configurationRecorderName"u8)
            ?? request?.NonEmpty("deliveryChannelName"u8) ?? request?.NonEmpty("detectorId"u8) ?? request?.NonEmpty("bucketName"u8);
        w.WriteIfPresent("log_name"u8, logName);
        w.WriteString("log_provider"u8, eventSource);
    }

    private static void WriteIssuedSession(Utf8JsonWriter w, JsonElement record)
    {
        var response = record.Obj("responseElements"u8);
        var credentials = response?.Obj("credentials"u8);
        var assumedRole = response?.Obj("assumedRoleUser"u8);
        if (credentials is null && assumedRole is null)
        {
            return;
        }

        w.WriteStartObject("session"u8);
        w.WriteIfPresent("uid"u8, assumedRole?.NonEmpty("assumedRoleId"u8));
        w.WriteIfPresent("uid_alt"u8, assumedRole?.NonEmpty("arn"u8));
        w.WriteIfPresent("credential_uid"u8, credentials?.NonEmpty("accessKeyId"u8));
        if (EventTime.Plausible(OcsfTime.ParseLoose(credentials?.Str("expiration"u8))) is { } expires)
        {
            w.WriteNumber("expiration_time"u8, expires);
        }

        w.WriteIfPresent("issuer"u8, record.Obj("requestParameters"u8)?.NonEmpty("roleArn"u8));
        w.WriteEndObject();
    }

    private static void WriteNamedUser(Utf8JsonWriter w, string property, string name, string? account, string? credential = null, string? uid = null)
    {
        w.WriteStartObject(property);
        w.WriteString("name"u8, name);
        w.WriteIfPresent("uid"u8, uid);
        w.WriteIfPresent("credential_uid"u8, credential);
        if (account is not null)
        {
            WriteAwsAccount(w, "account", account);
        }

        w.WriteEndObject();
    }
}
