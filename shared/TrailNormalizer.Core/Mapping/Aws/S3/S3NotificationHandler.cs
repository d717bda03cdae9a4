using System.Text.Json;
using TrailNormalizer.Core.Ocsf;
using TrailNormalizer.Core.Rules;

namespace TrailNormalizer.Core.Mapping.Aws.S3;

/// <summary>
/// S3 event notifications: every record is itself an object event (who created, deleted, restored, … which object from
/// where) and becomes an API Activity event (<see cref="S3ObjectEvent"/>); an <c>ObjectCreated:*</c> record for a log file
/// (<see cref="IsLogObject"/>) is additionally a pointer, resolved by <see cref="ObjectPointerResolver"/>;
/// <c>s3:TestEvent</c> is a control message. A <c>{"Records":[...]}</c>
/// container of S3 records naming more than <see cref="RecordHandlerOptions.MaxObjectsPerPointer"/> is quarantined.
/// </summary>
internal sealed class S3NotificationHandler(RecordHandlerOptions options) : IRecordHandler
{
    /// <summary>Envelopes and notices: what they carry is routed to the handler of its own kind.</summary>
    public IReadOnlyList<SourceKind> Kinds { get; } = [];

    public const string TestEventKind = "s3:TestEvent";

    private static readonly HashSet<string> Mapped = new(StringComparer.Ordinal) { "eventName", "eventTime", "awsRegion", "eventSource", "userIdentity" };

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
        context.Normalized(MapEvent(value, raw, bucket, key, context.ReceivedMs));
        if (eventName.StartsWith("ObjectCreated:", StringComparison.Ordinal) && IsLogObject(key))
        {
            ObjectPointerResolver.Resolve(bucket, key, raw, context, options);
        }

        return true;
    }

    /// <summary>
    /// A key that names a log file the normalizer reads (JSON, NDJSON, optionally gzipped, or anything under the
    /// <c>AWSLogs/</c> prefix CloudTrail and Config deliver to): only those notifications are also resolved as pointers.
    /// A photo or a PDF is an object event, nothing more.
    /// </summary>
    public static bool IsLogObject(string key)
    {
        string lower = key.ToLowerInvariant();
        string name = lower.EndsWith(".gz", StringComparison.Ordinal) ? lower[..^3] : lower;
        return name.EndsWith(".json", StringComparison.Ordinal) || name.EndsWith(".jsonl", StringComparison.Ordinal)
            || name.EndsWith(".ndjson", StringComparison.Ordinal) || lower.StartsWith("awslogs/", StringComparison.Ordinal)
            || lower.Contains("/awslogs/", StringComparison.Ordinal);
    }

    /// <summary>S3 notification keys are URL-encoded, with '+' for a space.</summary>
    public static string DecodeKey(string key) => Uri.UnescapeDataString(key.Replace('+', ' '));

    private static NormalizedEvent MapEvent(JsonElement record, ReadOnlySpan<byte> raw, string bucket, string key, long receivedMs)
    {
        string? eventTime = record.Str("eventTime");
        var (time, substituted) = EventTime.PlausibleOrReceived(OcsfTime.ParseIso(eventTime), receivedMs);
        string uid = RawData.Sha256Hex(raw); // S3 notifications carry no event id of their own
        var facts = S3ObjectEvent.FromNotification(record, bucket, key);
        var metadata = new AwsEventMetadata(uid, "S3 Event Notifications", facts.EventName, eventTime, substituted, "Amazon S3");
        return S3ObjectEvent.Map(facts, metadata, time, raw, record, Mapped);
    }
}
