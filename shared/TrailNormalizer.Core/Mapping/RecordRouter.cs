using System.Text;
using System.Text.Json;
using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Mapping.CloudTrail;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping;

/// <summary>
/// Decides what each input unit is (a CloudTrail record, an EventBridge CloudTrail event, a container of
/// records) and hands it to the right mapper. Every record ends as exactly one event or one quarantine item.
/// </summary>
public sealed class RecordRouter(InputLimits limits, TimeProvider time)
{
    /// <summary>EventBridge detail-types whose <c>detail</c> is a CloudTrail record.</summary>
    private static readonly HashSet<string> CloudTrailDetailTypes = new(StringComparer.Ordinal)
    {
        "AWS API Call via CloudTrail",
        "AWS Console Sign In via CloudTrail",
        "AWS Service Event via CloudTrail",
    };

    private const int MaxContainerDepth = 4;

    private readonly JsonDocumentOptions _documentOptions = new() { MaxDepth = limits.MaxDepth };

    /// <summary>Routes one unit read from an input; failures from the reader are quarantined as they are.</summary>
    public void Route(InputUnit unit, IRecordSink sink)
    {
        if (unit.IsFailure)
        {
            sink.Quarantined(new QuarantineItem(unit.Failure!, unit.Location, unit.Json, unit.RawTruncated));
            return;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(unit.Json, _documentOptions);
        }
        catch (JsonException ex)
        {
            sink.Quarantined(new QuarantineItem($"malformed JSON: {ex.Message}", unit.Location, unit.Json));
            return;
        }

        using (document)
        {
            RouteValue(document.RootElement, unit.Json.Span, unit.Location, sink, 0);
        }
    }

    private void RouteValue(JsonElement value, ReadOnlySpan<byte> raw, string location, IRecordSink sink, int depth)
    {
        if (value.ValueKind == JsonValueKind.Array && depth < MaxContainerDepth)
        {
            int i = 0;
            foreach (var element in value.EnumerateArray())
            {
                RouteValue(element, Encoding.UTF8.GetBytes(element.GetRawText()), $"{location}[{i++}]", sink, depth + 1);
            }

            return;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            sink.Quarantined(new QuarantineItem($"a JSON {Describe(value.ValueKind)} is not a record", location, raw.ToArray()));
            return;
        }

        try
        {
            if (IsCloudTrailRecord(value))
            {
                sink.Normalized(CloudTrailRecordMapper.Map(value, raw, null, time.GetUtcNow().ToUnixTimeMilliseconds()));
                return;
            }

            if (value.Str("detail-type") is { } detailType && value.Obj("detail") is { } detail)
            {
                if (CloudTrailDetailTypes.Contains(detailType) && IsCloudTrailRecord(detail))
                {
                    sink.Normalized(CloudTrailRecordMapper.Map(detail, raw, value, time.GetUtcNow().ToUnixTimeMilliseconds()));
                    return;
                }

                sink.Quarantined(new QuarantineItem($"EventBridge detail-type \"{detailType}\" is not supported yet", location, raw.ToArray()));
                return;
            }

            if (value.TryGetProperty("Records", out var records) && records.ValueKind == JsonValueKind.Array && depth < MaxContainerDepth
                && !LooksLikeNotification(records))
            {
                int i = 0;
                foreach (var element in records.EnumerateArray())
                {
                    RouteValue(element, Encoding.UTF8.GetBytes(element.GetRawText()), $"{location}#Records[{i++}]", sink, depth + 1);
                }

                return;
            }
        }
        catch (MappingException ex)
        {
            sink.Quarantined(new QuarantineItem(ex.Message, location, raw.ToArray()));
            return;
        }

        sink.Quarantined(new QuarantineItem(UnknownShapeReason(value), location, raw.ToArray()));
    }

    /// <summary>
    /// A CloudTrail record names its source and event plus its version, time or id (some exports drop
    /// eventVersion); S3 and SQS notification records say "aws:s3" / "aws:sqs" instead.
    /// </summary>
    internal static bool IsCloudTrailRecord(JsonElement value) =>
        (value.Str("eventSource") is { } source && !source.StartsWith("aws:", StringComparison.Ordinal)
            && value.Str("eventName") is not null
            && (value.Str("eventVersion") is not null || value.Str("eventTime") is not null || value.Str("eventID") is not null))
        || (value.Str("eventType") == CloudTrailRecordMapper.InsightEventType && value.Obj("insightDetails") is not null);

    /// <summary>SQS, SNS and S3 notification events also hold "Records"; their elements are envelopes, not log records.</summary>
    private static bool LooksLikeNotification(JsonElement records)
    {
        foreach (var element in records.EnumerateArray())
        {
            return element.ValueKind == JsonValueKind.Object
                && (element.Str("eventSource") is { } s && s.StartsWith("aws:", StringComparison.Ordinal)
                    || element.Str("EventSource") is not null);
        }

        return false;
    }

    private static string UnknownShapeReason(JsonElement value)
    {
        if (value.Str("eventSource") is { } source && source.StartsWith("aws:", StringComparison.Ordinal))
        {
            return $"{source} notification records are not supported yet";
        }

        if (value.TryGetProperty("Records", out var r) && r.ValueKind == JsonValueKind.Array)
        {
            return "event notification (SQS/SNS/S3 Records) is not supported yet";
        }

        if (value.Str("eventType") is { } eventType && value.Str("subject") is not null)
        {
            return $"Event Grid event \"{eventType}\" is not supported yet";
        }

        if (value.Str("specversion") is not null)
        {
            return "CloudEvents event is not supported yet";
        }

        var keys = value.EnumerateObject().Select(p => p.Name).Take(8);
        return $"unrecognized record shape (keys: {string.Join(", ", keys)})";
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "array nested too deeply",
        _ => kind.ToString(),
    };
}
