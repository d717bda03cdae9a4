using System.Text.Json;
using TrailNormalizer.Core.Ocsf;
using TrailNormalizer.Core.Rules;

namespace TrailNormalizer.Core.Mapping.Aws.Notifications;

/// <summary>
/// The event AWS Config sends a custom rule's Lambda function (<c>configRuleArn</c>, <c>invokingEvent</c> as JSON text,
/// <c>ruleParameters</c>, <c>resultToken</c>). When the invoking event is a configuration-item change it is mapped as that
/// change (Cloud Resources Inventory Info 5023, <see cref="AwsConfigNotificationMapper"/>), the rule's fields kept under
/// <c>unmapped.configRuleInvocation</c>; any other invoking event (a periodic rule's <c>ScheduledNotification</c>, a snapshot
/// delivery) is API Activity (6003) "Other" done by AWS Config, named by its <c>messageType</c>, on the rule.
/// </summary>
internal static class ConfigRuleInvocationMapper
{
    private const string Service = "config.amazonaws.com";

    private static readonly JsonDocumentOptions InvokingEventOptions = new() { MaxDepth = 128 };

    /// <summary>Fields not copied to <c>unmapped</c>: what the event holds elsewhere, and the result token (an opaque handle for PutEvaluations; it stays in raw_data).</summary>
    private static readonly HashSet<string> Mapped = new(StringComparer.Ordinal) { "invokingEvent", "resultToken", "configRuleArn", "accountId" };

    public static bool IsInvocation(JsonElement value) =>
        value.ValueKind == JsonValueKind.Object && value.NonEmpty("configRuleArn") is not null && value.TryGetProperty("invokingEvent", out _);

    public static NormalizedEvent Map(JsonElement invocation, ReadOnlySpan<byte> raw, long receivedMs)
    {
        JsonDocument? invoking = null;
        try
        {
            invoking = invocation.Str("invokingEvent") is { } text ? JsonDocument.Parse(text, InvokingEventOptions) : null;
        }
        catch (JsonException)
        {
            // an unreadable invoking event: the invocation is still evidence of the rule being run
        }

        using (invoking)
        {
            var notification = invoking?.RootElement ?? default;
            string ruleArn = invocation.NonEmpty("configRuleArn")!;
            var (region, arnAccount) = AwsEventWriter.ArnParts(ruleArn);
            string? account = arnAccount ?? invocation.NonEmpty("accountId");
            if (AwsConfigNotificationMapper.IsConfigNotification(notification))
            {
                var bare = AwsConfigNotificationMapper.BareEnvelope(notification, raw, receivedMs);
                var envelope = bare with { Account = bare.Account ?? account, Region = bare.Region ?? region };
                return AwsConfigNotificationMapper.Map(notification, raw, envelope, w => WriteInvocation(w, invocation));
            }

            return MapOther(invocation, notification, raw, ruleArn, account, region, receivedMs);
        }
    }

    private static NormalizedEvent MapOther(
        JsonElement invocation, JsonElement notification, ReadOnlySpan<byte> raw, string ruleArn, string? account, string? region, long receivedMs)
    {
        string? created = notification.ValueKind == JsonValueKind.Object ? notification.NonEmpty("notificationCreationTime") : null;
        string messageType = (notification.ValueKind == JsonValueKind.Object ? notification.NonEmpty("messageType") : null) ?? "Config Rule Invocation";
        var (time, substituted) = EventTime.PlausibleOrReceived(OcsfTime.ParseAny(created), receivedMs);
        string rule = invocation.NonEmpty("configRuleName") ?? ruleArn;
        var metadata = new AwsEventMetadata(RawData.Sha256Hex(raw), "Config", messageType, created, substituted, "AWS Config");
        byte[] rawBytes = raw.ToArray();
        return AwsEventWriter.Write(OcsfClass.ApiActivity.Uid, time, metadata.Uid, account, region, w =>
        {
            OcsfHeader.Write(w, OcsfClass.ApiActivity, CloudTrail.ApiVerbs.Other, messageType, time);
            w.WriteString("message", $"AWS Config invoked rule {rule} ({messageType})");
            AwsEventWriter.WriteMetadata(w, metadata);
            AwsEventWriter.WriteCloud(w, account, region);
            w.WriteStartObject("actor");
            w.WriteString("invoked_by", Service);
            w.WriteEndObject();
            w.WriteStartObject("api");
            w.WriteString("operation", messageType);
            w.WriteStartObject("service");
            w.WriteString("name", Service);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartObject("src_endpoint");
            w.WriteString("svc_name", Service);
            w.WriteEndObject();
            w.WriteStartArray("resources");
            w.WriteStartObject();
            w.WriteString("uid", ruleArn);
            w.WriteIfPresent("name", invocation.NonEmpty("configRuleName"));
            w.WriteString("type", "AWS::Config::ConfigRule");
            w.WriteIfPresent("region", region);
            w.WriteEndObject();
            w.WriteEndArray();
            RawData.Write(w, rawBytes);
            AwsEventWriter.WriteUnmapped(w, invocation, Mapped, inner =>
            {
                if (notification.ValueKind == JsonValueKind.Object)
                {
                    inner.WritePropertyName("invokingEvent");
                    notification.WriteTo(inner);
                }
            });
        });
    }

    /// <summary>The invocation's own fields (not the invoking event, not the result token) under <c>configRuleInvocation</c>.</summary>
    private static void WriteInvocation(Utf8JsonWriter w, JsonElement invocation)
    {
        w.WriteStartObject("configRuleInvocation");
        foreach (var property in invocation.EnumerateObject())
        {
            if (property.Name is not ("invokingEvent" or "resultToken"))
            {
                property.WriteTo(w);
            }
        }

        w.WriteEndObject();
    }
}
