using System.Text.Json;
using TrailNormalizer.Core.Mapping.Aws.EventBridge;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.Aws.Notifications;

/// <summary>
/// AWS Config notifications (as SNS delivers them in <c>Message</c>, or as the <c>detail</c> of EventBridge "Config Rules
/// Compliance Change" / "Config Configuration Item Change"): a rule evaluation change → Compliance Finding (2003) with
/// COMPLIANT Pass, NON_COMPLIANT Fail; a configuration item change → Cloud Resources Inventory Info (5023), activity Log,
/// the changed resource with its change type.
/// </summary>
internal static class AwsConfigNotificationMapper
{
    public const string ComplianceChange = "ComplianceChangeNotification";
    public const string ItemChange = "ConfigurationItemChangeNotification";
    public const string OversizedItemChange = "OversizedConfigurationItemChangeNotification";

    private static readonly HashSet<string> ComplianceMapped = new(StringComparer.Ordinal)
    {
        "awsAccountId", "configRuleName", "configRuleARN", "resourceType", "resourceId", "awsRegion", "notificationCreationTime", "messageType",
    };

    private static readonly HashSet<string> ItemMapped = new(StringComparer.Ordinal) { "notificationCreationTime", "messageType" };

    /// <summary>A Config notification this mapper reads (by its <c>messageType</c>).</summary>
    public static bool IsConfigNotification(JsonElement value) =>
        value.ValueKind == JsonValueKind.Object && value.Str("messageType") is ComplianceChange or ItemChange or OversizedItemChange;

    /// <summary>
    /// Maps a notification; <paramref name="envelope"/> is the EventBridge event it came in, or a bare stand-in, and
    /// <paramref name="outerFields"/>, when given, writes inside <c>unmapped</c> the fields of what else carried it (a Config rule invocation).
    /// </summary>
    public static NormalizedEvent Map(JsonElement n, ReadOnlySpan<byte> raw, EventBridgeEnvelope envelope, Action<Utf8JsonWriter>? outerFields = null)
    {
        Action<Utf8JsonWriter> unmappedExtra = outerFields is null ? envelope.WriteUnmappedEnvelope : w =>
        {
            envelope.WriteUnmappedEnvelope(w);
            outerFields(w);
        };
        return n.Str("messageType") == ComplianceChange ? MapCompliance(n, raw, envelope, unmappedExtra) : MapItem(n, raw, envelope, unmappedExtra);
    }

    /// <summary>A stand-in envelope for a notification that arrived without EventBridge (through SNS or as a file).</summary>
    public static EventBridgeEnvelope BareEnvelope(JsonElement n, ReadOnlySpan<byte> raw, long receivedMs)
    {
        var item = n.Obj("configurationItem") ?? n.Obj("configurationItemSummary");
        return EventBridgeEnvelope.Bare(RawData.Sha256Hex(raw), n.Str("messageType")!, "aws.config",
            n.NonEmpty("awsAccountId") ?? item?.NonEmpty("awsAccountId"), n.NonEmpty("awsRegion") ?? item?.NonEmpty("awsRegion"), receivedMs, "AWS Config");
    }

    private static NormalizedEvent MapCompliance(JsonElement n, ReadOnlySpan<byte> raw, EventBridgeEnvelope envelope, Action<Utf8JsonWriter> unmappedExtra)
    {
        var result = n.Obj("newEvaluationResult");
        var e = envelope.WithFindingTime(result?.NonEmpty("resultRecordedTime") ?? n.NonEmpty("notificationCreationTime"));
        string? compliance = result?.NonEmpty("complianceType");
        string? rule = n.NonEmpty("configRuleName");
        string? resourceType = n.NonEmpty("resourceType");
        string? resourceId = n.NonEmpty("resourceId");
        var (statusId, status) = compliance?.ToUpperInvariant() switch
        {
            "COMPLIANT" => (1, "Pass"),
            "NON_COMPLIANT" => (3, "Fail"),
            _ => (99, compliance ?? "Other"), // NOT_APPLICABLE, INSUFFICIENT_DATA
        };
        string title = $"{rule ?? "Config rule"}: {resourceType ?? "resource"} {resourceId ?? ""} is {compliance ?? "unknown"}".Replace("  ", " ", StringComparison.Ordinal);
        string? previous = n.Obj("oldEvaluationResult")?.NonEmpty("complianceType");
        byte[] rawBytes = raw.ToArray();
        return AwsEventWriter.Write(OcsfClass.ComplianceFinding.Uid, e.TimeMs, e.Uid, e.Account, e.Region, w =>
        {
            OcsfHeader.Write(w, OcsfClass.ComplianceFinding, previous is null ? 1 : 2, null, e.TimeMs,
                severityId: statusId == 3 ? 3 : OcsfEnums.SeverityInformational);
            w.WriteString("message", title);
            AwsEventWriter.WriteMetadata(w, e.Metadata("Config"));
            AwsEventWriter.WriteCloud(w, e.Account, e.Region);
            FindingWriter.WriteFindingInfo(w, new FindingInfo($"{n.NonEmpty("configRuleARN") ?? rule}/{resourceType}/{resourceId}", title,
                result?.NonEmpty("annotation"), "AWS Config rule evaluation", result?.NonEmpty("configRuleInvokedTime"), result?.NonEmpty("resultRecordedTime"),
                n.NonEmpty("configRuleARN")));
            w.WriteStartObject("compliance");
            w.WriteNumber("status_id", statusId);
            w.WriteString("status", status);
            w.WriteIfPresent("status_code", compliance);
            w.WriteIfPresent("control", rule);
            w.WriteIfPresent("status_detail", previous is null ? null : $"was {previous}");
            w.WriteEndObject();
            FindingWriter.WriteResources(w, [new FindingResource(resourceId, resourceType, e.Region)]);
            RawData.Write(w, rawBytes);
            AwsEventWriter.WriteUnmapped(w, n, ComplianceMapped, unmappedExtra);
        });
    }

    private static NormalizedEvent MapItem(JsonElement n, ReadOnlySpan<byte> raw, EventBridgeEnvelope envelope, Action<Utf8JsonWriter> unmappedExtra)
    {
        var item = n.Obj("configurationItem") ?? n.Obj("configurationItemSummary") ?? default;
        var e = envelope.WithFindingTime(item.NonEmpty("configurationItemCaptureTime") ?? n.NonEmpty("notificationCreationTime"));
        string? changeType = n.Obj("configurationItemDiff")?.NonEmpty("changeType") ?? item.NonEmpty("changeType");
        string? resourceType = item.NonEmpty("resourceType");
        string? resourceId = item.NonEmpty("resourceId");
        byte[] rawBytes = raw.ToArray();
        return AwsEventWriter.Write(OcsfClass.CloudResourcesInventoryInfo.Uid, e.TimeMs, e.Uid, e.Account, e.Region, w =>
        {
            OcsfHeader.Write(w, OcsfClass.CloudResourcesInventoryInfo, 1, null, e.TimeMs);
            w.WriteString("message", $"AWS Config: {changeType ?? "change"} of {resourceType ?? "resource"} {resourceId ?? ""}".TrimEnd());
            AwsEventWriter.WriteMetadata(w, e.Metadata("Config"));
            AwsEventWriter.WriteCloud(w, e.Account, e.Region);
            w.WriteStartArray("resources");
            w.WriteStartObject();
            w.WriteString("uid", item.NonEmpty("ARN") ?? item.NonEmpty("arn") ?? resourceId ?? "unknown");
            w.WriteIfPresent("name", item.NonEmpty("resourceName") ?? resourceId);
            w.WriteIfPresent("type", resourceType);
            w.WriteIfPresent("region", item.NonEmpty("awsRegion"));
            w.WriteStartObject("data");
            w.WriteIfPresent("changeType", changeType);
            w.WriteIfPresent("configurationItemStatus", item.NonEmpty("configurationItemStatus"));
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
            RawData.Write(w, rawBytes);
            AwsEventWriter.WriteUnmapped(w, n, ItemMapped, unmappedExtra);
        });
    }
}
