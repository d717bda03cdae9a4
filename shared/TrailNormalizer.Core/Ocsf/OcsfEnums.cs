namespace TrailNormalizer.Core.Ocsf;

/// <summary>OCSF 1.8.0 enum values used across mappers (ids with their captions).</summary>
internal static class OcsfEnums
{
    public const int StatusSuccess = 1;
    public const int StatusFailure = 2;

    public const int SeverityInformational = 1;

    public const int AccountTypeAwsAccount = 10;
    public const int AccountTypeAzureSubscription = 13;
    public const int FingerprintSha256 = 3;

    public const int UserTypeUnknown = 0;
    public const int UserTypeUser = 1;
    public const int UserTypeAdmin = 2;
    public const int UserTypeService = 4;
    public const int UserTypeOther = 99;

    public const int AuthProtocolOpenId = 4;
    public const int AuthProtocolSaml = 5;

    public static string StatusCaption(int id) => id switch { 1 => "Success", 2 => "Failure", 99 => "Other", _ => "Unknown" };

    public static string SeverityCaption(int id) => id switch
    {
        1 => "Informational", 2 => "Low", 3 => "Medium", 4 => "High", 5 => "Critical", 6 => "Fatal", 99 => "Other", _ => "Unknown",
    };

    public static string UserTypeCaption(int id) => id switch
    {
        1 => "User", 2 => "Admin", 3 => "System", 4 => "Service", 99 => "Other", _ => "Unknown",
    };

    public static string AuthProtocolCaption(int id) => id switch { 4 => "OpenID", 5 => "SAML", _ => "Unknown" };
}
