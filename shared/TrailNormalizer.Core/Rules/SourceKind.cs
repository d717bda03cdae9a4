namespace TrailNormalizer.Core.Rules;

/// <summary>The kind of source record a Sigma rule is evaluated against; each source declares it once, on its router handler (<c>IRecordHandler.Kinds</c>), and its mapper stamps it on the event.</summary>
public enum SourceKind
{
    /// <summary>An AWS CloudTrail record (<c>product: aws, service: cloudtrail</c>).</summary>
    CloudTrail,

    /// <summary>EventBridge events other than CloudTrail's (AWS service events such as Systems Manager compliance).</summary>
    EventBridge,

    /// <summary>An Azure Activity Log record (<c>product: azure, service: activitylogs</c>).</summary>
    AzureActivity,

    /// <summary>A Microsoft Entra ID audit log record (<c>product: azure, service: auditlogs</c>).</summary>
    EntraAudit,

    /// <summary>A Microsoft Entra ID sign-in log record (<c>product: azure, service: signinlogs</c>).</summary>
    EntraSignIn,

    /// <summary>An Azure Event Grid event (the project's own <c>product: azure, service: eventgrid</c>).</summary>
    EventGrid,

    /// <summary>An Azure Notification Hubs record (the project's own <c>product: azure, service: notificationhubs</c>).</summary>
    NotificationHubs,
}
