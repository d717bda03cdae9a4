using System.Text.Json;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.Aws.EventBridge;

/// <summary>
/// EventBridge events other than the "... via CloudTrail" ones (<see cref="CloudTrail.CloudTrailHandler"/> takes
/// those first): SSM compliance changes become Compliance Findings, GuardDuty and Security Hub findings
/// Detection Findings, and every other detail-type a Base Event that keeps the whole event.
/// </summary>
public sealed class EventBridgeHandler : IRecordHandler
{
    /// <summary>An EventBridge (CloudWatch Events) event: detail-type and source, plus an id or a detail.</summary>
    public static bool IsEventBridgeEvent(JsonElement value) =>
        value.Str("detail-type") is not null && value.Str("source") is not null
        && (value.Str("id") is not null || value.TryGetProperty("detail", out _));

    public bool TryHandle(JsonElement value, ReadOnlySpan<byte> raw, RoutingContext context)
    {
        if (!IsEventBridgeEvent(value))
        {
            return false;
        }

        var envelope = EventBridgeEnvelope.From(value, raw, context.ReceivedMs);
        var detail = value.Obj("detail");
        switch (envelope.DetailType)
        {
            case SsmComplianceMapper.DetailType when envelope.Source == "aws.ssm" && detail is not null:
                context.Normalized(SsmComplianceMapper.Map(envelope, detail.Value, raw));
                break;
            case GuardDutyFindingMapper.DetailType when detail is not null && detail.Value.NonEmpty("id") is not null:
                context.Normalized(GuardDutyFindingMapper.Map(envelope, detail.Value, raw));
                break;
            case SecurityHubFindingMapper.DetailType when detail?.TryGetProperty("findings", out var findings) == true
                && findings.ValueKind == JsonValueKind.Array && findings.GetArrayLength() > 0:
                foreach (var normalized in SecurityHubFindingMapper.Map(envelope, findings, raw))
                {
                    context.Normalized(normalized);
                }

                break;
            default:
                context.Normalized(MapOther(envelope, value, raw));
                break;
        }

        return true;
    }

    private static readonly HashSet<string> BaseMapped = new(StringComparer.Ordinal) { "id", "time", "account", "region", "detail-type" };

    /// <summary>Any other detail-type: Base Event, product EventBridge, <c>message</c> = detail-type.</summary>
    private static NormalizedEvent MapOther(EventBridgeEnvelope e, JsonElement value, ReadOnlySpan<byte> raw)
    {
        var metadata = e.Metadata("EventBridge");
        var content = new AwsBaseEventContent(e.DetailType, e.DetailType, value, BaseMapped);
        return AwsBaseEvent.Map(raw, metadata, e.TimeMs, e.Account, e.Region, content);
    }
}

/// <summary>The envelope fields every EventBridge mapping uses.</summary>
public sealed record EventBridgeEnvelope(
    string Uid, string DetailType, string Source, string? Account, string? Region, string? TimeText, long TimeMs, long? SubstitutedMs, JsonElement Value)
{
    public static EventBridgeEnvelope From(JsonElement value, ReadOnlySpan<byte> raw, long receivedMs)
    {
        string? timeText = value.Str("time");
        var (time, substituted) = AwsEventWriter.TimeOrReceived(OcsfTime.ParseIso(timeText), receivedMs);
        return new EventBridgeEnvelope(
            value.NonEmpty("id") ?? AwsEventWriter.HashUid(raw), value.Str("detail-type")!, value.Str("source")!,
            value.NonEmpty("account"), value.NonEmpty("region"), timeText, time, substituted, value);
    }

    public AwsEventMetadata Metadata(string product, string? uid = null) =>
        new(uid ?? Uid, product, DetailType, TimeText, SubstitutedMs, "Amazon EventBridge");

    /// <summary>Writes the envelope's fields other than <c>detail</c> under <c>eventBridge</c> (inside <c>unmapped</c>).</summary>
    public void WriteUnmappedEnvelope(Utf8JsonWriter w)
    {
        w.WriteStartObject("eventBridge");
        foreach (var property in Value.EnumerateObject())
        {
            if (property.Name != "detail")
            {
                property.WriteTo(w);
            }
        }

        w.WriteEndObject();
    }
}
