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
        else if (identity?.NonEmpty("invokedBy") is { } service)
        {
            // An AWS service authenticating on its own behalf (e.g. EC2 assuming an instance role).
            w.WriteStartObject("user");
            w.WriteString("name", service);
            w.WriteNumber("type_id", OcsfEnums.UserTypeService);
            w.WriteString("type", OcsfEnums.UserTypeCaption(OcsfEnums.UserTypeService));
            w.WriteEndObject();
        }
        else
        {
            WriteNamedUser(w, "user", "unknown", null);
        }

        var additional = record.Obj("additionalEventData");
        if (additional?.Str("MFAUsed") is { } mfaUsed)
        {
            w.WriteBoolean("is_mfa", mfaUsed.Equals("Yes", StringComparison.OrdinalIgnoreCase));
        }

        int? protocol = eventName switch
        {
            "AssumeRoleWithSAML" => OcsfEnums.AuthProtocolSaml,
            "AssumeRoleWithWebIdentity" => OcsfEnums.AuthProtocolOpenId,
            _ => null,
        };
        if (protocol is { } p)
        {
            w.WriteNumber("auth_protocol_id", p);
            w.WriteString("auth_protocol", OcsfEnums.AuthProtocolCaption(p));
        }

        WriteIssuedSession(w, record);

        w.WriteStartObject("service");
        w.WriteString("name", eventSource);
        w.WriteEndObject();
    }

    /// <summary>
    /// Account Change (3001): the user or role whose account, credentials or policies changed (with its ARN when the
    /// response returns it, as CreateUser and CreateRole do), and the policy attached, detached or put.
    /// </summary>
    public static void WriteAccountChange(Utf8JsonWriter w, JsonElement record, JsonElement? identity, string? account)
    {
        var request = record.Obj("requestParameters");
        var response = record.Obj("responseElements");
        string? targetName = request?.NonEmpty("userName") ?? request?.NonEmpty("roleName");
        string? credential = response?.Obj("accessKey")?.NonEmpty("accessKeyId") ?? request?.NonEmpty("accessKeyId");
        var created = response?.Obj("user") ?? response?.Obj("role");
        string? targetUid = created?.NonEmpty("arn") ?? created?.NonEmpty("userId") ?? created?.NonEmpty("roleId");

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
        string? arn = request?.NonEmpty("policyArn");
        string? name = request?.NonEmpty("policyName") ?? (arn is null ? null : arn[(arn.LastIndexOf('/') + 1)..]);
        if (arn is null && name is null)
        {
            return;
        }

        w.WriteStartObject("policy");
        w.WriteIfPresent("name", name);
        w.WriteIfPresent("uid", arn);
        w.WriteEndObject();
    }

    /// <summary>Event Log Activity (1008): which log was stopped, deleted or changed, and by which service.</summary>
    public static void WriteEventLog(Utf8JsonWriter w, JsonElement record, string eventSource)
    {
        var request = record.Obj("requestParameters");
        string? logName = request?.NonEmpty("name") ?? request?.NonEmpty("trailName") ?? request?.NonEmpty("logGroupName")
            ?? request?.NonEmpty("eventDataStore") ?? request?.NonEmpty("configurationRecorderName")
            ?? request?.NonEmpty("deliveryChannelName") ?? request?.NonEmpty("detectorId") ?? request?.NonEmpty("bucketName");
        w.WriteIfPresent("log_name", logName);
        w.WriteString("log_provider", eventSource);
    }

    private static void WriteIssuedSession(Utf8JsonWriter w, JsonElement record)
    {
        var response = record.Obj("responseElements");
        var credentials = response?.Obj("credentials");
        var assumedRole = response?.Obj("assumedRoleUser");
        if (credentials is null && assumedRole is null)
        {
            return;
        }

        w.WriteStartObject("session");
        w.WriteIfPresent("uid", assumedRole?.NonEmpty("assumedRoleId"));
        w.WriteIfPresent("uid_alt", assumedRole?.NonEmpty("arn"));
        w.WriteIfPresent("credential_uid", credentials?.NonEmpty("accessKeyId"));
        if (EventTime.Plausible(OcsfTime.ParseLoose(credentials?.Str("expiration"))) is { } expires)
        {
            w.WriteNumber("expiration_time", expires);
        }

        w.WriteIfPresent("issuer", record.Obj("requestParameters")?.NonEmpty("roleArn"));
        w.WriteEndObject();
    }

    private static void WriteNamedUser(Utf8JsonWriter w, string property, string name, string? account, string? credential = null, string? uid = null)
    {
        w.WriteStartObject(property);
        w.WriteString("name", name);
        w.WriteIfPresent("uid", uid);
        w.WriteIfPresent("credential_uid", credential);
        if (account is not null)
        {
            WriteAwsAccount(w, "account", account);
        }

        w.WriteEndObject();
    }
}
