using System.Text.Json;
using TrailNormalizer.Core.Ocsf;
using TrailNormalizer.Core.Rules;

namespace TrailNormalizer.Core.Mapping.Aws;

/// <summary>
/// AWS trigger payloads that carry no audit record we map yet, kept as Base Events (never dropped): Lambda
/// event records of any other <c>aws:*</c> source (SES, DynamoDB, Kinesis, ...),
/// Kinesis Data Firehose transformation batches and CloudWatch Logs subscription payloads (<c>awslogs</c>). AWS Config rule
/// invocations are mapped (<see cref="Notifications.ConfigRuleInvocationMapper"/>).
/// </summary>
internal sealed class OtherAwsEventsHandler : IRecordHandler
{
    /// <summary>Envelopes and notices: what they carry is routed to the handler of its own kind.</summary>
    public IReadOnlyList<SourceKind> Kinds { get; } = [];

    private static readonly HashSet<string> Mapped = new(StringComparer.Ordinal) { "awsRegion", "region" };

    public bool TryHandle(JsonElement value, ReadOnlySpan<byte> raw, RoutingContext context)
    {
        if (Notifications.ConfigRuleInvocationMapper.IsInvocation(value))
        {
            context.Normalized(Notifications.ConfigRuleInvocationMapper.Map(value, raw, context.ReceivedMs));
            return true;
        }

        var kind = Recognize(value);
        if (kind is null)
        {
            return false;
        }

        var (product, activity, region, account, timeText) = kind.Value;
        var (time, substituted) = EventTime.PlausibleOrReceived(OcsfTime.ParseIso(timeText), context.ReceivedMs);
        string uid = value.NonEmpty("eventID") ?? value.NonEmpty("messageId") ?? value.NonEmpty("invocationId") ?? RawData.Sha256Hex(raw);
        var metadata = new AwsEventMetadata(uid, product, activity, timeText, substituted, $"Amazon {product}");
        var content = new AwsBaseEventContent(activity, $"{product} payload ({activity}) kept as received; not mapped further", value, Mapped);
        context.Normalized(AwsBaseEvent.Map(raw, metadata, time, account, region, content));
        return true;
    }

    private static (string Product, string Activity, string? Region, string? Account, string? Time)? Recognize(JsonElement value)
    {
        string? lambdaSource = value.Str("eventSource") ?? value.Str("EventSource");
        if (lambdaSource is not null && lambdaSource.StartsWith("aws:", StringComparison.Ordinal))
        {
            string service = lambdaSource[4..];
            string product = AwsProductNames.Of(service);
            var (arnRegion, arnAccount) = AwsEventWriter.ArnParts(value.NonEmpty("eventSourceARN"));
            return (product, value.NonEmpty("eventName") ?? $"{service} record", value.NonEmpty("awsRegion") ?? arnRegion, arnAccount,
                value.NonEmpty("eventTime"));
        }

        if (value.NonEmpty("deliveryStreamArn") is { } streamArn && value.TryGetProperty("records", out _))
        {
            var (region, account) = AwsEventWriter.ArnParts(streamArn);
            return ("Firehose", "Firehose Transformation Batch", value.NonEmpty("region") ?? region, account, null);
        }

        if (value.Obj("awslogs") is { } logs && logs.Str("data") is not null)
        {
            return ("CloudWatch Logs", "CloudWatch Logs Subscription", null, null, null);
        }

        return null;
    }
}
