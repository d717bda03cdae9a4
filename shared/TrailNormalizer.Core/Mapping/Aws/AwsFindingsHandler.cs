using System.Text.Json;
using TrailNormalizer.Core.Mapping.Aws.EventBridge;
using TrailNormalizer.Core.Mapping.Aws.Notifications;
using TrailNormalizer.Core.Ocsf;
using TrailNormalizer.Core.Rules;

namespace TrailNormalizer.Core.Mapping.Aws;

/// <summary>
/// AWS security and configuration events that arrive without an EventBridge envelope — exported or forwarded as they
/// are, or as the <c>Message</c> of an SNS notification: bare GuardDuty findings, bare Security Hub (ASFF) findings,
/// <c>{"Findings":[…]}</c> lists of either (<c>get-findings</c> output), AWS Config notifications and CloudWatch alarms.
/// </summary>
internal sealed class AwsFindingsHandler : IRecordHandler
{
    /// <summary>Bare GuardDuty and Security Hub findings, read as the EventBridge events they are forwarded as; Config and CloudWatch notifications have no rule family.</summary>
    public IReadOnlyList<SourceKind> Kinds { get; } = [SourceKind.EventBridge];

    /// <summary>True for every shape this handler takes (so envelopes know to unwrap it).</summary>
    public static bool IsKnown(JsonElement value) =>
        GuardDutyFindingMapper.IsBareFinding(value) || SecurityHubFindingMapper.IsAsffFinding(value)
        || AwsConfigNotificationMapper.IsConfigNotification(value) || CloudWatchAlarmMapper.IsAlarm(value) || FindingList(value) is not null;

    public bool TryHandle(JsonElement value, ReadOnlySpan<byte> raw, RoutingContext context)
    {
        if (FindingList(value) is { } list)
        {
            int i = 0;
            foreach (var finding in list.EnumerateArray())
            {
                context.Route(finding, $"#Findings[{i++}]");
            }

            return true;
        }

        if (GuardDutyFindingMapper.IsBareFinding(value))
        {
            var envelope = EventBridgeEnvelope.Bare(value.Str("id")!, GuardDutyFindingMapper.DetailType, "aws.guardduty",
                value.Str("accountId"), value.Str("region"), context.ReceivedMs, "Amazon GuardDuty");
            context.Normalized(GuardDutyFindingMapper.Map(envelope, value, raw) with { Kind = SourceKind.EventBridge });
            return true;
        }

        if (SecurityHubFindingMapper.IsAsffFinding(value))
        {
            context.Normalized(SecurityHubFindingMapper.MapBare(value, raw, context.ReceivedMs) with { Kind = SourceKind.EventBridge });
            return true;
        }

        if (AwsConfigNotificationMapper.IsConfigNotification(value))
        {
            context.Normalized(AwsConfigNotificationMapper.Map(value, raw, AwsConfigNotificationMapper.BareEnvelope(value, raw, context.ReceivedMs)));
            return true;
        }

        if (CloudWatchAlarmMapper.IsAlarm(value))
        {
            context.Normalized(CloudWatchAlarmMapper.Map(value, raw, context.ReceivedMs));
            return true;
        }

        return false;
    }

    /// <summary>The <c>Findings</c> (or <c>findings</c>) array of a list whose first item is a bare GuardDuty or ASFF finding.</summary>
    private static JsonElement? FindingList(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (string name in (string[])["Findings", "findings"])
        {
            if (value.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array && list.GetArrayLength() > 0
                && (GuardDutyFindingMapper.IsBareFinding(list[0]) || SecurityHubFindingMapper.IsAsffFinding(list[0])))
            {
                return list;
            }
        }

        return null;
    }
}
