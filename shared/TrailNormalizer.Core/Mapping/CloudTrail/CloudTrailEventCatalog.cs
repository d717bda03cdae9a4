using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.CloudTrail;

/// <summary>Which OCSF class and activity a CloudTrail event becomes, when it is not plain API Activity.</summary>
/// <param name="Class">The OCSF class.</param>
/// <param name="ActivityId">The class's activity id.</param>
/// <param name="OtherName">For activity 99 (Other): the activity name to show instead of "Other".</param>
internal sealed record CloudTrailEventClass(OcsfClass Class, int ActivityId, string? OtherName = null);

/// <summary>
/// The mapping table from (eventSource, eventName) to OCSF class. Every event not listed here is
/// API Activity (6003), with its activity derived from the operation's verb by <see cref="ApiVerbs"/>.
/// docs/mapping-cloudtrail.md shows this table; keep the two in step.
/// </summary>
internal static class CloudTrailEventCatalog
{
    private static readonly OcsfClass Auth = OcsfClass.Authentication;
    private static readonly OcsfClass Account = OcsfClass.AccountChange;
    private static readonly OcsfClass Log = OcsfClass.EventLogActivity;

    private static readonly Dictionary<(string Source, string Name), CloudTrailEventClass> Table = new()
    {
        // Sign-in and role assumption: Authentication (3002).
        [("signin.amazonaws.com", "ConsoleLogin")] = new(Auth, 1),
        [("signin.amazonaws.com", "ConsoleLogout")] = new(Auth, 2),
        [("signin.amazonaws.com", "SwitchRole")] = new(Auth, 7),
        [("signin.amazonaws.com", "ExitRole")] = new(Auth, 7),
        [("signin.amazonaws.com", "CheckMfa")] = new(Auth, 99, "Check MFA"),
        [("signin.amazonaws.com", "GetSigninToken")] = new(Auth, 99, "Get Signin Token"),
        [("signin.amazonaws.com", "UserAuthentication")] = new(Auth, 1),
        [("signin.amazonaws.com", "CredentialVerification")] = new(Auth, 6),
        [("signin.amazonaws.com", "CredentialChallenge")] = new(Auth, 6),
        [("sts.amazonaws.com", "AssumeRole")] = new(Auth, 1),
        [("sts.amazonaws.com", "AssumeRoleWithSAML")] = new(Auth, 1),
        [("sts.amazonaws.com", "AssumeRoleWithWebIdentity")] = new(Auth, 1),
        [("sts.amazonaws.com", "AssumeRoot")] = new(Auth, 1),
        [("sts.amazonaws.com", "GetSessionToken")] = new(Auth, 99, "Get Session Token"),
        [("sts.amazonaws.com", "GetFederationToken")] = new(Auth, 99, "Get Federation Token"),
        [("sso.amazonaws.com", "Federate")] = new(Auth, 1),
        [("sso.amazonaws.com", "Authenticate")] = new(Auth, 1),

        // IAM users, credentials, MFA and policy attachment: Account Change (3001).
        [("iam.amazonaws.com", "CreateUser")] = new(Account, 1),
        [("iam.amazonaws.com", "DeleteUser")] = new(Account, 6),
        [("iam.amazonaws.com", "CreateRole")] = new(Account, 1),
        [("iam.amazonaws.com", "DeleteRole")] = new(Account, 6),
        [("iam.amazonaws.com", "ChangePassword")] = new(Account, 3),
        [("iam.amazonaws.com", "UpdateLoginProfile")] = new(Account, 4),
        [("iam.amazonaws.com", "CreateLoginProfile")] = new(Account, 99, "Create Login Profile"),
        [("iam.amazonaws.com", "DeleteLoginProfile")] = new(Account, 99, "Delete Login Profile"),
        [("iam.amazonaws.com", "CreateAccessKey")] = new(Account, 99, "Create Access Key"),
        [("iam.amazonaws.com", "UpdateAccessKey")] = new(Account, 99, "Update Access Key"),
        [("iam.amazonaws.com", "DeleteAccessKey")] = new(Account, 99, "Delete Access Key"),
        [("iam.amazonaws.com", "CreateServiceSpecificCredential")] = new(Account, 99, "Create Service Specific Credential"),
        [("iam.amazonaws.com", "UploadSSHPublicKey")] = new(Account, 99, "Upload SSH Public Key"),
        [("iam.amazonaws.com", "UploadSigningCertificate")] = new(Account, 99, "Upload Signing Certificate"),
        [("iam.amazonaws.com", "EnableMFADevice")] = new(Account, 10),
        [("iam.amazonaws.com", "DeactivateMFADevice")] = new(Account, 11),
        [("iam.amazonaws.com", "CreateVirtualMFADevice")] = new(Account, 99, "Create Virtual MFA Device"),
        [("iam.amazonaws.com", "DeleteVirtualMFADevice")] = new(Account, 99, "Delete Virtual MFA Device"),
        [("iam.amazonaws.com", "ResyncMFADevice")] = new(Account, 99, "Resync MFA Device"),
        [("iam.amazonaws.com", "AttachUserPolicy")] = new(Account, 7),
        [("iam.amazonaws.com", "AttachRolePolicy")] = new(Account, 7),
        [("iam.amazonaws.com", "PutUserPolicy")] = new(Account, 7),
        [("iam.amazonaws.com", "PutRolePolicy")] = new(Account, 7),
        [("iam.amazonaws.com", "DetachUserPolicy")] = new(Account, 8),
        [("iam.amazonaws.com", "DetachRolePolicy")] = new(Account, 8),
        [("iam.amazonaws.com", "DeleteUserPolicy")] = new(Account, 8),
        [("iam.amazonaws.com", "DeleteRolePolicy")] = new(Account, 8),
        [("iam.amazonaws.com", "PutUserPermissionsBoundary")] = new(Account, 7),
        [("iam.amazonaws.com", "PutRolePermissionsBoundary")] = new(Account, 7),
        [("iam.amazonaws.com", "DeleteUserPermissionsBoundary")] = new(Account, 8),
        [("iam.amazonaws.com", "DeleteRolePermissionsBoundary")] = new(Account, 8),
        [("iam.amazonaws.com", "CreatePolicyVersion")] = new(Account, 99, "Create Policy Version"),

        // Audit logging stopped, deleted or reduced: Event Log Activity (1008).
        [("cloudtrail.amazonaws.com", "StopLogging")] = new(Log, 7),
        [("cloudtrail.amazonaws.com", "StartLogging")] = new(Log, 6),
        [("cloudtrail.amazonaws.com", "DeleteTrail")] = new(Log, 2),
        [("cloudtrail.amazonaws.com", "CreateTrail")] = new(Log, 99, "Create Trail"),
        [("cloudtrail.amazonaws.com", "UpdateTrail")] = new(Log, 99, "Update Trail"),
        [("cloudtrail.amazonaws.com", "PutEventSelectors")] = new(Log, 99, "Put Event Selectors"),
        [("cloudtrail.amazonaws.com", "PutInsightSelectors")] = new(Log, 99, "Put Insight Selectors"),
        [("cloudtrail.amazonaws.com", "DeleteEventDataStore")] = new(Log, 2),
        [("cloudtrail.amazonaws.com", "StopEventDataStoreIngestion")] = new(Log, 7),
        [("cloudtrail.amazonaws.com", "StartEventDataStoreIngestion")] = new(Log, 6),
        [("logs.amazonaws.com", "DeleteLogGroup")] = new(Log, 2),
        [("logs.amazonaws.com", "DeleteLogStream")] = new(Log, 2),
        [("logs.amazonaws.com", "PutRetentionPolicy")] = new(Log, 99, "Put Retention Policy"),
        [("logs.amazonaws.com", "DeleteRetentionPolicy")] = new(Log, 99, "Delete Retention Policy"),
        [("config.amazonaws.com", "StopConfigurationRecorder")] = new(Log, 7),
        [("config.amazonaws.com", "StartConfigurationRecorder")] = new(Log, 6),
        [("config.amazonaws.com", "DeleteConfigurationRecorder")] = new(Log, 2),
        [("config.amazonaws.com", "DeleteDeliveryChannel")] = new(Log, 2),
        [("guardduty.amazonaws.com", "DeleteDetector")] = new(Log, 2),
        [("guardduty.amazonaws.com", "UpdateDetector")] = new(Log, 99, "Update Detector"),
        [("securityhub.amazonaws.com", "DisableSecurityHub")] = new(Log, 10),
        [("s3.amazonaws.com", "PutBucketLogging")] = new(Log, 99, "Put Bucket Logging"),
    };

    /// <summary>The special class of an event, or null when it is plain API Activity.</summary>
    public static CloudTrailEventClass? Find(string eventSource, string eventName) =>
        Table.GetValueOrDefault((eventSource, eventName));

    /// <summary>Every entry, for documentation and tests.</summary>
    public static IEnumerable<KeyValuePair<(string Source, string Name), CloudTrailEventClass>> Entries => Table;
}
