namespace TrailNormalizer.Core.Mapping.Azure.Entra;

/// <summary>Which account an Account Change event is about.</summary>
internal enum EntraChangeSubject
{
    /// <summary>The target resource of type User.</summary>
    TargetUser,

    /// <summary>The target service principal or application (its credentials changed).</summary>
    TargetPrincipal,

    /// <summary>The initiator itself (self-service changes, access elevation).</summary>
    Initiator,
}

/// <summary>An Entra audit activity that is an Account Change, with its OCSF activity.</summary>
internal sealed record EntraAccountChange(int ActivityId, EntraChangeSubject Subject);

/// <summary>
/// The Entra audit activities (activityDisplayName) that change an account, its credentials, MFA methods or
/// role assignments → Account Change (3001), as data. Every other audit activity is API Activity.
/// </summary>
internal static class EntraAuditCatalog
{
    private const int Create = 1, Enable = 2, PasswordChange = 3, PasswordReset = 4, Disable = 5, Delete = 6,
        AttachPolicy = 7, DetachPolicy = 8, MfaEnable = 10, MfaDisable = 11, Other = 99;

    private static readonly Dictionary<string, EntraAccountChange> Activities = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Add user"] = new(Create, EntraChangeSubject.TargetUser),
        ["Invite external user"] = new(Create, EntraChangeSubject.TargetUser),
        ["Delete user"] = new(Delete, EntraChangeSubject.TargetUser),
        ["Hard delete user"] = new(Delete, EntraChangeSubject.TargetUser),
        ["Restore user"] = new(Enable, EntraChangeSubject.TargetUser),
        ["Enable account"] = new(Enable, EntraChangeSubject.TargetUser),
        ["Disable account"] = new(Disable, EntraChangeSubject.TargetUser),
        ["Update user"] = new(Other, EntraChangeSubject.TargetUser),
        ["Change user password"] = new(PasswordChange, EntraChangeSubject.TargetUser),
        ["Change password (self-service)"] = new(PasswordChange, EntraChangeSubject.Initiator),
        ["Reset user password"] = new(PasswordReset, EntraChangeSubject.TargetUser),
        ["Reset password (by admin)"] = new(PasswordReset, EntraChangeSubject.TargetUser),
        ["Reset password (self-service)"] = new(PasswordReset, EntraChangeSubject.Initiator),
        ["Add member to role"] = new(AttachPolicy, EntraChangeSubject.TargetUser),
        ["Add eligible member to role"] = new(AttachPolicy, EntraChangeSubject.TargetUser),
        ["Add member to role in PIM completed (permanent)"] = new(AttachPolicy, EntraChangeSubject.TargetUser),
        ["Add member to role in PIM completed (timebound)"] = new(AttachPolicy, EntraChangeSubject.TargetUser),
        ["Add app role assignment to user"] = new(AttachPolicy, EntraChangeSubject.TargetUser),
        ["Add role assignment"] = new(AttachPolicy, EntraChangeSubject.TargetUser),
        ["User has elevated their access to User Access Administrator for their Azure Resources"] = new(AttachPolicy, EntraChangeSubject.Initiator),
        ["Remove member from role"] = new(DetachPolicy, EntraChangeSubject.TargetUser),
        ["Remove eligible member from role"] = new(DetachPolicy, EntraChangeSubject.TargetUser),
        ["Remove member from role in PIM completed (permanent)"] = new(DetachPolicy, EntraChangeSubject.TargetUser),
        ["Remove app role assignment from user"] = new(DetachPolicy, EntraChangeSubject.TargetUser),
        ["Remove role assignment"] = new(DetachPolicy, EntraChangeSubject.TargetUser),
        ["User registered security info"] = new(MfaEnable, EntraChangeSubject.Initiator),
        ["User registered all required security info"] = new(MfaEnable, EntraChangeSubject.Initiator),
        ["Admin registered security info"] = new(MfaEnable, EntraChangeSubject.TargetUser),
        ["Enable Strong Authentication"] = new(MfaEnable, EntraChangeSubject.TargetUser),
        ["User deleted security info"] = new(MfaDisable, EntraChangeSubject.Initiator),
        ["Admin deleted security info"] = new(MfaDisable, EntraChangeSubject.TargetUser),
        ["Disable Strong Authentication"] = new(MfaDisable, EntraChangeSubject.TargetUser),
        ["Add service principal credentials"] = new(Other, EntraChangeSubject.TargetPrincipal),
        ["Remove service principal credentials"] = new(Other, EntraChangeSubject.TargetPrincipal),
        ["Update application – Certificates and secrets management"] = new(Other, EntraChangeSubject.TargetPrincipal),
    };

    /// <summary>The Account Change for an activity, or null when it is API Activity.</summary>
    public static EntraAccountChange? Find(string activity) => Activities.GetValueOrDefault(activity.Trim());

    /// <summary>API Activity activity from the audit record's operationType (Add, Update, Delete, Assign, …).</summary>
    public static int ApiActivityOf(string? operationType) => operationType?.ToUpperInvariant() switch
    {
        "ADD" or "CREATE" => 1,
        "GET" or "READ" => 2,
        "UPDATE" or "ASSIGN" or "UNASSIGN" => 3,
        "DELETE" or "REMOVE" => 4,
        _ => 99,
    };
}
