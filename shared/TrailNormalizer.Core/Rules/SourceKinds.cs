namespace TrailNormalizer.Core.Rules;

/// <summary>Maps a rule's logsource to the source kinds it applies to, and names each kind as Sigma does.</summary>
public static class SourceKinds
{
    /// <summary>Every kind, in declaration order.</summary>
    public static IReadOnlyList<SourceKind> All { get; } = Enum.GetValues<SourceKind>();

    private static readonly IReadOnlyList<SourceKind> Azure =
        [SourceKind.AzureActivity, SourceKind.EntraAudit, SourceKind.EntraSignIn, SourceKind.EventGrid, SourceKind.NotificationHubs];

    /// <summary>The Sigma <c>product/service</c> that names a kind (e.g. <c>aws/cloudtrail</c>).</summary>
    public static string SigmaName(SourceKind kind) => kind switch
    {
        SourceKind.CloudTrail => "aws/cloudtrail",
        SourceKind.EventBridge => "aws/eventbridge",
        SourceKind.AzureActivity => "azure/activitylogs",
        SourceKind.EntraAudit => "azure/auditlogs",
        SourceKind.EntraSignIn => "azure/signinlogs",
        SourceKind.EventGrid => "azure/eventgrid",
        SourceKind.NotificationHubs => "azure/notificationhubs",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>
    /// The kinds a logsource applies to: <c>aws</c> (with service <c>cloudtrail</c> or none) is CloudTrail,
    /// <c>aws/eventbridge</c> other EventBridge events;
    /// <c>azure</c> with a known service is that kind, without a service every Azure kind. Empty when unsupported.
    /// A <c>category</c> is not used to choose kinds.
    /// </summary>
    public static IReadOnlyList<SourceKind> For(SigmaLogsource logsource)
    {
        ArgumentNullException.ThrowIfNull(logsource);
        string product = (logsource.Product ?? string.Empty).ToUpperInvariant();
        string service = (logsource.Service ?? string.Empty).ToUpperInvariant();
        return (product, service) switch
        {
            ("AWS", "CLOUDTRAIL" or "") => [SourceKind.CloudTrail],
            ("AWS", "EVENTBRIDGE") => [SourceKind.EventBridge],
            ("AZURE", "ACTIVITYLOGS") => [SourceKind.AzureActivity],
            ("AZURE", "AUDITLOGS") => [SourceKind.EntraAudit],
            ("AZURE", "SIGNINLOGS") => [SourceKind.EntraSignIn],
            ("AZURE", "EVENTGRID") => [SourceKind.EventGrid],
            ("AZURE", "NOTIFICATIONHUBS") => [SourceKind.NotificationHubs],
            ("AZURE", "") => Azure,
            _ => [],
        };
    }
}
