using System.Text.Json;
using System.Text.RegularExpressions;
using TrailNormalizer.Core.Mapping.Aws.EventBridge;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.Aws.Notifications;

/// <summary>
/// A CloudWatch alarm state change as SNS delivers it (<c>AlarmName</c>, <c>NewStateValue</c>, <c>StateChangeTime</c>, …)
/// → Detection Finding (2004): entering ALARM creates the finding (New, Medium), returning to OK closes it (Resolved),
/// INSUFFICIENT_DATA updates it. finding_info.uid is the alarm ARN, so one alarm's events correlate.
/// </summary>
public static partial class CloudWatchAlarmMapper
{
    private static readonly HashSet<string> Mapped = new(StringComparer.Ordinal)
    {
        "AlarmName", "AlarmDescription", "AWSAccountId", "NewStateValue", "NewStateReason", "StateChangeTime", "AlarmArn",
    };

    /// <summary>A CloudWatch alarm notification.</summary>
    public static bool IsAlarm(JsonElement value) =>
        value.ValueKind == JsonValueKind.Object && value.NonEmpty("AlarmName") is not null && value.NonEmpty("NewStateValue") is not null
        && value.TryGetProperty("StateChangeTime", out _);

    public static NormalizedEvent Map(JsonElement alarm, ReadOnlySpan<byte> raw, long receivedMs)
    {
        string? arn = alarm.NonEmpty("AlarmArn");
        var (arnRegion, arnAccount) = AwsEventWriter.ArnParts(arn);
        string? account = alarm.NonEmpty("AWSAccountId") ?? arnAccount;
        string state = alarm.NonEmpty("NewStateValue")!;
        string? stateTime = alarm.NonEmpty("StateChangeTime");
        var e = EventBridgeEnvelope.Bare(RawData.Sha256Hex(raw), "CloudWatch Alarm", "aws.cloudwatch", account, arnRegion, receivedMs, "Amazon CloudWatch")
            .WithFindingTime(stateTime is null ? null : ColonlessOffset().Replace(stateTime, "$1:$2"));
        var (activity, statusId, status, severity) = state.ToUpperInvariant() switch
        {
            "ALARM" => (1, 1, "New", 3),
            "OK" => (3, 4, "Resolved", OcsfEnums.SeverityInformational),
            _ => (2, 99, state, OcsfEnums.SeverityInformational),
        };
        string name = alarm.NonEmpty("AlarmName")!;
        byte[] rawBytes = raw.ToArray();
        return AwsEventWriter.Write(OcsfClass.DetectionFinding.Uid, e.TimeMs, e.Uid, account, arnRegion, w =>
        {
            OcsfHeader.Write(w, OcsfClass.DetectionFinding, activity, null, e.TimeMs, severityId: severity);
            w.WriteNumber("status_id", statusId);
            w.WriteString("status", status);
            w.WriteString("status_code", state);
            w.WriteIfPresent("status_detail", alarm.NonEmpty("NewStateReason"));
            w.WriteString("message", $"CloudWatch alarm {name} is {state}");
            AwsEventWriter.WriteMetadata(w, e.Metadata("CloudWatch"));
            AwsEventWriter.WriteCloud(w, account, arnRegion);
            FindingWriter.WriteFindingInfo(w, new FindingInfo(arn ?? name, name, alarm.NonEmpty("AlarmDescription") ?? alarm.NonEmpty("NewStateReason"),
                "CloudWatch Alarm", null, e.TimeText, arn));
            FindingWriter.WriteResources(w, [new FindingResource(arn, "AWS::CloudWatch::Alarm", arnRegion)]);
            RawData.Write(w, rawBytes);
            AwsEventWriter.WriteUnmapped(w, alarm, Mapped);
        });
    }

    /// <summary>CloudWatch writes offsets without a colon (<c>2026-03-14T09:26:53.123+0000</c>).</summary>
    [GeneratedRegex(@"([+-]\d{2})(\d{2})$")]
    private static partial Regex ColonlessOffset();
}
