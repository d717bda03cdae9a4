using System.Text.Json;
using System.Text.RegularExpressions;
using TrailNormalizer.Core.Mapping.Aws.EventBridge;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.Aws.Notifications;

/// <summary>
/// A CloudWatch alarm state change, as SNS delivers it (<c>AlarmName</c>, <c>NewStateValue</c>, <c>StateChangeTime</c>, …)
/// or as EventBridge does ("CloudWatch Alarm State Change") → Detection Finding (2004): entering ALARM creates the finding (New, Medium), returning to OK closes it (Resolved),
/// INSUFFICIENT_DATA updates it. finding_info.uid is the alarm ARN, so one alarm's events correlate.
/// </summary>
internal static partial class CloudWatchAlarmMapper
{
    private static readonly HashSet<string> Mapped = new(StringComparer.Ordinal)
    {
        "AlarmName", "AlarmDescription", "AWSAccountId", "NewStateValue", "NewStateReason", "StateChangeTime", "AlarmArn",
    };

    /// <summary>A CloudWatch alarm notification.</summary>
    public static bool IsAlarm(JsonElement value) =>
        value.ValueKind == JsonValueKind.Object && value.NonEmpty("AlarmName") is not null && value.NonEmpty("NewStateValue") is not null
        && value.TryGetProperty("StateChangeTime", out _);

    /// <summary>The EventBridge detail-type of an alarm state change (<c>detail</c>: alarmName, state, previousState, configuration).</summary>
    public const string DetailType = "CloudWatch Alarm State Change";

    /// <summary>Fields of the EventBridge <c>detail</c> the finding holds.</summary>
    private static readonly HashSet<string> DetailMapped = new(StringComparer.Ordinal) { "alarmName", "state" };

    /// <summary>An alarm notification as SNS delivers it.</summary>
    public static NormalizedEvent Map(JsonElement alarm, ReadOnlySpan<byte> raw, long receivedMs)
    {
        string? arn = alarm.NonEmpty("AlarmArn");
        var (arnRegion, arnAccount) = AwsEventWriter.ArnParts(arn);
        string? account = alarm.NonEmpty("AWSAccountId") ?? arnAccount;
        var e = EventBridgeEnvelope.Bare(RawData.Sha256Hex(raw), "CloudWatch Alarm", "aws.cloudwatch", account, arnRegion, receivedMs, "Amazon CloudWatch");
        var facts = new AlarmFacts(alarm.NonEmpty("AlarmName")!, arn, alarm.NonEmpty("NewStateValue")!, alarm.NonEmpty("NewStateReason"),
            alarm.NonEmpty("StateChangeTime"), alarm.NonEmpty("AlarmDescription"), account, arnRegion);
        return Map(facts, e, raw, alarm, Mapped);
    }

    /// <summary>An alarm state change as EventBridge delivers it; the alarm ARN is the envelope's resource.</summary>
    public static NormalizedEvent MapEventBridge(EventBridgeEnvelope e, JsonElement detail, ReadOnlySpan<byte> raw)
    {
        string? arn = e.Value.TryGetProperty("resources", out var resources) && resources.ValueKind == JsonValueKind.Array
            && resources.GetArrayLength() > 0 && resources[0].ValueKind == JsonValueKind.String ? resources[0].GetString() : null;
        var state = detail.Obj("state");
        var facts = new AlarmFacts(detail.NonEmpty("alarmName") ?? arn ?? "unknown", arn, state?.NonEmpty("value") ?? "UNKNOWN", state?.NonEmpty("reason"),
            state?.NonEmpty("timestamp"), detail.Obj("configuration")?.NonEmpty("description"), e.Account, e.Region);
        return Map(facts, e, raw, detail, DetailMapped);
    }

    /// <summary>
    /// Entering ALARM creates the finding (New, Medium), returning to OK closes it (Resolved), any other state updates it;
    /// the event time is the state change's own.
    /// </summary>
    private static NormalizedEvent Map(AlarmFacts a, EventBridgeEnvelope envelope, ReadOnlySpan<byte> raw, JsonElement unmappedSource, IReadOnlySet<string> mapped)
    {
        var e = envelope.WithFindingTime(a.StateTime is null ? null : ColonlessOffset().Replace(a.StateTime, "$1:$2"));
        var (activity, statusId, status, severity) = a.State.ToUpperInvariant() switch
        {
            "ALARM" => (1, 1, "New", 3),
            "OK" => (3, 4, "Resolved", OcsfEnums.SeverityInformational),
            _ => (2, 99, a.State, OcsfEnums.SeverityInformational),
        };
        byte[] rawBytes = raw.ToArray();
        return AwsEventWriter.Write(OcsfClass.DetectionFinding.Uid, e.TimeMs, e.Uid, a.Account, a.Region, w =>
        {
            OcsfHeader.Write(w, OcsfClass.DetectionFinding, activity, null, e.TimeMs, severityId: severity);
            w.WriteNumber("status_id", statusId);
            w.WriteString("status", status);
            w.WriteString("status_code", a.State);
            w.WriteIfPresent("status_detail", a.Reason);
            w.WriteString("message", $"CloudWatch alarm {a.Name} is {a.State}");
            AwsEventWriter.WriteMetadata(w, e.Metadata("CloudWatch"));
            AwsEventWriter.WriteCloud(w, a.Account, a.Region);
            FindingWriter.WriteFindingInfo(w, new FindingInfo(a.Arn ?? a.Name, a.Name, a.Description ?? a.Reason,
                "CloudWatch Alarm", null, e.TimeText, a.Arn));
            FindingWriter.WriteResources(w, [new FindingResource(a.Arn, "AWS::CloudWatch::Alarm", a.Region)]);
            RawData.Write(w, rawBytes);
            AwsEventWriter.WriteUnmapped(w, unmappedSource, mapped, e.WriteUnmappedEnvelope);
        });
    }

    private sealed record AlarmFacts(
        string Name, string? Arn, string State, string? Reason, string? StateTime, string? Description, string? Account, string? Region);

    /// <summary>CloudWatch writes offsets without a colon (<c>2026-03-14T09:26:53.123+0000</c>).</summary>
    [GeneratedRegex(@"([+-]\d{2})(\d{2})$")]
    private static partial Regex ColonlessOffset();
}
