using System.Text.Json;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.Aws.S3;

/// <summary>
/// S3 event notifications: <c>ObjectCreated:*</c> records are pointers to a (log) object, resolved by
/// <see cref="ObjectPointerResolver"/>; other S3 events (removals, restores, replication, ...) point at nothing
/// readable and become a Base Event; <c>s3:TestEvent</c> is a control message. A <c>{"Records":[...]}</c>
/// container of S3 records naming more than <see cref="RecordHandlerOptions.MaxObjectsPerPointer"/> is quarantined.
/// </summary>
public sealed class S3NotificationHandler(RecordHandlerOptions options) : IRecordHandler
{
    public const string TestEventKind = "s3:TestEvent";

    private static readonly HashSet<string> Mapped = new(StringComparer.Ordinal) { "eventName", "eventTime", "awsRegion", "eventSource" };

    public static bool IsS3Record(JsonElement value) => value.Str("eventSource") == "aws:s3" && value.Obj("s3") is not null;

    public static bool IsTestEvent(JsonElement value) => value.Str("Event") == "s3:TestEvent" && value.Str("Service") == "Amazon S3";

    public bool TryHandle(JsonElement value, ReadOnlySpan<byte> raw, RoutingContext context)
    {
        if (IsTestEvent(value))
        {
            context.Control(TestEventKind);
            return true;
        }

        if (value.TryGetProperty("Records", out var records) && records.ValueKind == JsonValueKind.Array
            && records.GetArrayLength() > 0 && IsS3Record(records[0]))
        {
            int count = records.GetArrayLength();
            if (count > options.MaxObjectsPerPointer)
            {
                throw new MappingException($"S3 notification names {count} objects, more than the limit of {options.MaxObjectsPerPointer}");
            }

            int i = 0;
            foreach (var record in records.EnumerateArray())
            {
                context.Route(record, $"#Records[{i++}]");
            }

            return true;
        }

        if (!IsS3Record(value))
        {
            return false;
        }

        var s3 = value.Obj("s3")!.Value;
        string? bucket = s3.Obj("bucket")?.NonEmpty("name");
        string? encodedKey = s3.Obj("object")?.NonEmpty("key");
        string eventName = value.NonEmpty("eventName") ?? "";
        if (bucket is null || encodedKey is null)
        {
            throw new MappingException("S3 notification without bucket name or object key");
        }

        string key = DecodeKey(encodedKey);
        if (eventName.StartsWith("ObjectCreated:", StringComparison.Ordinal))
        {
            ObjectPointerResolver.Resolve(bucket, key, raw, context, options);
            return true;
        }

        context.Normalized(MapOther(value, raw, bucket, key, eventName, context.ReceivedMs));
        return true;
    }

    /// <summary>S3 notification keys are URL-encoded, with '+' for a space.</summary>
    public static string DecodeKey(string key) => Uri.UnescapeDataString(key.Replace('+', ' '));

    private static NormalizedEvent MapOther(JsonElement record, ReadOnlySpan<byte> raw, string bucket, string key, string eventName, long receivedMs)
    {
        string? eventTime = record.Str("eventTime");
        var (time, substituted) = AwsEventWriter.TimeOrReceived(OcsfTime.ParseIso(eventTime), receivedMs);
        string uid = AwsEventWriter.HashUid(raw); // S3 notifications carry no event id of their own
        var metadata = new AwsEventMetadata(uid, "S3 Event Notifications", eventName.Length > 0 ? eventName : null, eventTime, substituted, "Amazon S3");
        var content = new AwsBaseEventContent(
            eventName.Length > 0 ? eventName : "S3 Event", $"S3 {(eventName.Length > 0 ? eventName : "event")} on s3://{bucket}/{key}", record, Mapped);
        return AwsBaseEvent.Map(raw, metadata, time, null, record.NonEmpty("awsRegion"), content);
    }
}
