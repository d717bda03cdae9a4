using TrailNormalizer.Core.Mapping.Aws;
using TrailNormalizer.Core.Mapping.Aws.EventBridge;
using TrailNormalizer.Core.Mapping.Aws.S3;
using TrailNormalizer.Core.Mapping.Aws.Sns;
using TrailNormalizer.Core.Mapping.Aws.Sqs;
using TrailNormalizer.Core.Mapping.Azure.EventGrid;
using TrailNormalizer.Core.Mapping.Azure.Monitor;
using TrailNormalizer.Core.Mapping.CloudTrail;

namespace TrailNormalizer.Core.Mapping;

/// <summary>The handlers the router asks, in order: the most specific shapes first.</summary>
public static class RecordHandlers
{
    public static IReadOnlyList<IRecordHandler> Default(RecordHandlerOptions options) =>
        [
            new CloudTrailHandler(),
            new CloudTrailLookupEventsHandler(),
            new CloudTrailDigestHandler(),
            new EventGridHandler(),
            // AWS envelopes and pointers.
            new SqsHandler(),
            new SnsHandler(options),
            new S3NotificationHandler(options),
            new CloudTrailFileNotice(options),
            new EventBridgeHandler(),
            new AwsFindingsHandler(),
            new OtherAwsEventsHandler(),
            // Azure Monitor records, resource logs and Entra ID logs: after the shapes with their own ids
            // (its lower-case "records" documents would otherwise swallow Firehose batches).
            new AzureMonitorHandler(),
        ];
}
