using System.Text.Json;
using TrailNormalizer.Core.Ocsf;
using TrailNormalizer.Core.Rules;

namespace TrailNormalizer.Core.Mapping.CloudTrail;

/// <summary>CloudTrail records, bare or as the <c>detail</c> of an EventBridge "... via CloudTrail" event.</summary>
internal sealed class CloudTrailHandler : IRecordHandler
{
    /// <summary>CloudTrail records, also inside EventBridge.</summary>
    public IReadOnlyList<SourceKind> Kinds { get; } = [SourceKind.CloudTrail];

    /// <summary>EventBridge detail-types whose <c>detail</c> is a CloudTrail record.</summary>
    public static readonly IReadOnlySet<string> DetailTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "AWS API Call via CloudTrail",
        "AWS Console Sign In via CloudTrail",
        "AWS Service Event via CloudTrail",
    };

    public bool TryHandle(JsonElement value, ReadOnlySpan<byte> raw, RoutingContext context)
    {
        if (IsCloudTrailRecord(value))
        {
            context.Normalized(CloudTrailRecordMapper.Map(value, raw, null, context.ReceivedMs));
            return true;
        }

        if (CloudTrailKeyCasing.IsLowerCased(value))
        {
            using var canonical = CloudTrailKeyCasing.Canonicalize(value);
            if (IsCloudTrailRecord(canonical.RootElement))
            {
                context.Normalized(CloudTrailRecordMapper.Map(canonical.RootElement, raw, null, context.ReceivedMs));
                return true;
            }
        }

        if (value.Str("detail-type"u8) is { } detailType && DetailTypes.Contains(detailType)
            && value.Obj("detail"u8) is { } detail && IsCloudTrailRecord(detail))
        {
            context.Normalized(CloudTrailRecordMapper.Map(detail, raw, value, context.ReceivedMs));
            return true;
        }

        return false;
    }

    /// <summary>
    /// A CloudTrail record names its source and event plus its version, time or id, or names an AWS
    /// service endpoint as its source (partial exports drop the rest); S3 and SQS notification records say
    /// "aws:s3" / "aws:sqs" instead. Insights records carry their source and event inside insightDetails.
    /// </summary>
    public static bool IsCloudTrailRecord(JsonElement value) =>
        (value.Str("eventSource"u8) is { } source && !source.StartsWith("aws:", StringComparison.Ordinal)
            && value.Str("eventName"u8) is not null
            && (value.Str("eventVersion"u8) is not null || value.Str("eventTime"u8) is not null || value.Str("eventID"u8) is not null
                || source.EndsWith(".amazonaws.com", StringComparison.Ordinal)))
        || (value.Str("eventType"u8) == CloudTrailRecordMapper.InsightEventType && value.Obj("insightDetails"u8) is not null)
        || IsSourcelessRecord(value);

    /// <summary>Partial exports that dropped eventSource but keep an eventName with CloudTrail's region and request fields.</summary>
    private static bool IsSourcelessRecord(JsonElement value) =>
        value.Str("eventSource"u8) is null && value.Str("eventName"u8) is not null && value.Str("awsRegion"u8) is not null
        && (value.Str("eventVersion"u8) is not null || value.Str("eventTime"u8) is not null || value.Str("requestID"u8) is not null
            || value.Str("recipientAccountId"u8) is not null);
}
