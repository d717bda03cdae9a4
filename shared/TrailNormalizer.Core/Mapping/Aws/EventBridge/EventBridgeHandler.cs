using System.Text.Json;
using TrailNormalizer.Core.Ocsf;
using TrailNormalizer.Core.Rules;

namespace TrailNormalizer.Core.Mapping.Aws.EventBridge;

/// <summary>
/// EventBridge events other than the "... via CloudTrail" ones (<see cref="CloudTrail.CloudTrailHandler"/> takes
/// those first): SSM compliance changes become Compliance Findings, GuardDuty and Security Hub findings
/// Detection Findings, and every other detail-type a Base Event that keeps the whole event.
/// </summary>
internal sealed class EventBridgeHandler : IRecordHandler
{
    /// <summary>EventBridge events other than CloudTrail's.</summary>
    public IReadOnlyList<SourceKind> Kinds { get; } = [SourceKind.EventBridge];

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
                Emit(context, SsmComplianceMapper.Map(envelope, detail.Value, raw));
                break;
            case GuardDutyFindingMapper.DetailType when detail is not null && detail.Value.NonEmpty("id") is not null:
                Emit(context, GuardDutyFindingMapper.Map(envelope, detail.Value, raw));
                break;
            case SecurityHubFindingMapper.DetailType or SecurityHubFindingMapper.CustomActionDetailType
                when detail?.TryGetProperty("findings", out var findings) == true && findings.ValueKind == JsonValueKind.Array && findings.GetArrayLength() > 0:
                foreach (var normalized in SecurityHubFindingMapper.Map(envelope, findings, raw))
                {
                    Emit(context, normalized);
                }

                break;
            case SecurityHubOcsfFindingMapper.DetailType when envelope.Source == "aws.securityhub"
                && detail?.TryGetProperty("findings", out var ocsfFindings) == true && ocsfFindings.ValueKind == JsonValueKind.Array && ocsfFindings.GetArrayLength() > 0:
                foreach (var normalized in SecurityHubOcsfFindingMapper.Map(envelope, ocsfFindings, raw))
                {
                    Emit(context, normalized);
                }

                break;
            case var _ when envelope.Source == "aws.config" && detail is { } configDetail && Notifications.AwsConfigNotificationMapper.IsConfigNotification(configDetail):
                Emit(context, Notifications.AwsConfigNotificationMapper.Map(configDetail, raw, envelope));
                break;
            case var type when detail is not null && ServiceFindingMappers.For(type, envelope.Source) is { } mapper:
                Emit(context, mapper(envelope, detail.Value, raw));
                break;
            case var type when AwsServiceEvents.Find(type, envelope.Source) is { } serviceEvent:
                Emit(context, AwsServiceEvents.Map(serviceEvent, envelope, raw));
                break;
            default:
                Emit(context, MapOther(envelope, value, raw));
                break;
        }

        return true;
    }

    /// <summary>Every event of this handler is an EventBridge event for the rules (its <c>detail</c> names the fields).</summary>
    private static void Emit(RoutingContext context, NormalizedEvent ev) => context.Normalized(ev with { Kind = SourceKind.EventBridge });

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
internal sealed record EventBridgeEnvelope(
    string Uid, string DetailType, string Source, string? Account, string? Region, string? TimeText, long TimeMs, long? SubstitutedMs, JsonElement Value)
{
    public static EventBridgeEnvelope From(JsonElement value, ReadOnlySpan<byte> raw, long receivedMs)
    {
        string? timeText = value.Str("time");
        var (time, substituted) = EventTime.PlausibleOrReceived(OcsfTime.ParseIso(timeText), receivedMs);
        return new EventBridgeEnvelope(
            value.NonEmpty("id") ?? RawData.Sha256Hex(raw), value.Str("detail-type")!, value.Str("source")!,
            value.NonEmpty("account"), value.NonEmpty("region"), timeText, time, substituted, value);
    }

    /// <summary>The service that delivered the event: EventBridge, or the product itself for a finding read without an envelope.</summary>
    public string LogProvider { get; init; } = "Amazon EventBridge";

    /// <summary>
    /// A stand-in envelope for a finding that arrived bare (exported, or forwarded without EventBridge): its id and
    /// account/region are the finding's own, and there is no envelope to keep in <c>unmapped</c>.
    /// </summary>
    public static EventBridgeEnvelope Bare(string uid, string detailType, string source, string? account, string? region, long receivedMs, string logProvider) =>
        new(uid, detailType, source, account, region, null, receivedMs, receivedMs, default) { LogProvider = logProvider };

    /// <summary>
    /// This envelope with the event time set to the finding's own (e.g. GuardDuty <c>updatedAt</c>) when that is a plausible
    /// time: a finding's own time wins over the delivery time, and never loses to a 1970 placeholder or the received time.
    /// </summary>
    public EventBridgeEnvelope WithFindingTime(string? findingTime) =>
        OcsfTime.ParseAny(findingTime) is { } ms && ms >= EventTime.EarliestPlausibleMs
            ? this with { TimeMs = ms, SubstitutedMs = null, TimeText = findingTime }
            : this;

    public AwsEventMetadata Metadata(string product, string? uid = null) =>
        new(uid ?? Uid, product, DetailType, TimeText, SubstitutedMs, LogProvider);

    /// <summary>Writes the envelope's fields other than <c>detail</c> under <c>eventBridge</c> (inside <c>unmapped</c>).</summary>
    public void WriteUnmappedEnvelope(Utf8JsonWriter w)
    {
        if (Value.ValueKind != JsonValueKind.Object)
        {
            return; // a bare finding: no envelope
        }

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
