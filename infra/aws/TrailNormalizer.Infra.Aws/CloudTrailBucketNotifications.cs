using Amazon.CDK.AWS.S3;
using Amazon.CDK.AWS.SQS;
using Constructs;

namespace TrailNormalizer.Infra.Aws;

/// <summary>
/// For an existing CloudTrail bucket: its object-created events under <c>AWSLogs/</c> go to the ingest queue, and the
/// SQS function fetches each log file. This catches everything the trail delivers (all regions, an organization trail's
/// member accounts, data events) where the EventBridge rule sees only this account and region.
/// CDK adds the notification through a custom resource that merges with, rather than replaces, the bucket's existing
/// notification configuration.
/// </summary>
public sealed class CloudTrailBucketNotifications : Construct
{
    public const string LogPrefix = "AWSLogs/";

    public CloudTrailBucketNotifications(Construct scope, string id, IBucket cloudTrailBucket, IQueue queue) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(cloudTrailBucket);
        cloudTrailBucket.AddEventNotification(
            EventType.OBJECT_CREATED,
            new QueueFromOwnAccountBucket(queue),
            new NotificationKeyFilter { Prefix = LogPrefix });
    }
}
