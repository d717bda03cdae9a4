using System.Text.Json;
using TrailNormalizer.Core.Mapping.CloudTrail;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.Aws;

/// <summary>
/// Recognizes the record shapes an AWS envelope (SQS body, SNS Message) may carry, so a payload is routed
/// only when some handler will take it; any other payload becomes an event of the envelope itself.
/// </summary>
internal static class AwsShapes
{
    /// <summary>
    /// A record or container the handlers know: CloudTrail, EventBridge, SNS, SQS, S3 notification, file notice, a bare
    /// GuardDuty or Security Hub finding, an AWS Config notification, a CloudWatch alarm.
    /// </summary>
    public static bool IsKnown(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        if (value.TryGetProperty("Records", out var records) && records.ValueKind == JsonValueKind.Array)
        {
            foreach (var first in records.EnumerateArray())
            {
                return IsKnownRecord(first);
            }

            return false;
        }

        return IsKnownRecord(value);
    }

    private static bool IsKnownRecord(JsonElement value) =>
        value.ValueKind == JsonValueKind.Object
        && (CloudTrailHandler.IsCloudTrailRecord(value)
            || EventBridge.EventBridgeHandler.IsEventBridgeEvent(value)
            || Sns.SnsEnvelope.IsSnsShape(value)
            || Sqs.SqsHandler.IsSqsRecord(value)
            || S3.S3NotificationHandler.IsS3Record(value)
            || S3.S3NotificationHandler.IsTestEvent(value)
            || S3.CloudTrailFileNotice.IsNotice(value)
            || AwsFindingsHandler.IsKnown(value)
            || value.Str("eventSource") is { } source && source.StartsWith("aws:", StringComparison.Ordinal));
}
