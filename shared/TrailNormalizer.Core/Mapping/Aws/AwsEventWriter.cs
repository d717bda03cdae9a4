using System.Text.Json;
using TrailNormalizer.Core.Mapping.CloudTrail;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.Aws;

/// <summary>What every AWS envelope event states in <c>metadata</c>: its id, the product, and how its time was found.</summary>
/// <param name="Uid">The source's own id (SNS MessageId, SQS messageId, EventBridge id, finding id), or a hash of the raw record.</param>
/// <param name="Product">The <c>metadata.product.name</c> (SNS, SQS, EventBridge, GuardDuty, ...).</param>
/// <param name="EventCode">The source's event type (detail-type, SNS Type, S3 eventName), if any.</param>
/// <param name="OriginalTime">The source's time text as received.</param>
/// <param name="SubstitutedMs">Set when the source time was missing or unreadable and the received time stands in.</param>
/// <param name="LogProvider">The service that delivered the record (Amazon SQS, Amazon SNS, Amazon EventBridge).</param>
internal readonly record struct AwsEventMetadata(
    string Uid, string Product, string? EventCode, string? OriginalTime, long? SubstitutedMs, string LogProvider)
{
    /// <summary>The id of the delivery the event came in, when it carried more than one event (<c>metadata.correlation_uid</c>).</summary>
    public string? CorrelationUid { get; init; }
}

/// <summary>
/// Shared writing for the AWS envelope mappers (SQS, SNS, S3 notifications, EventBridge): buffer, metadata,
/// cloud, and the finished <see cref="NormalizedEvent"/>. Every event declares the cloud profile.
/// </summary>
internal static class AwsEventWriter
{
    /// <summary>Writes one event object with <paramref name="body"/> and returns it with its partition.</summary>
    public static NormalizedEvent Write(int classUid, long timeMs, string uid, string? account, string? region, Action<Utf8JsonWriter> body) =>
        OcsfEventBuffer.Write(classUid, timeMs, uid, Partition(account, region), body, initialCapacity: 2048);

    /// <summary>The evidence partition: AWS, account, region; "unknown" for what is missing.</summary>
    public static EvidencePartition Partition(string? account, string? region) => new("aws", account ?? "unknown", region ?? "unknown");

    public static void WriteMetadata(Utf8JsonWriter w, in AwsEventMetadata m)
    {
        OcsfMetadata.WriteStart(w, m.Uid, m.Product, "AWS");
        OcsfLabels.WriteTimeAndLabels(w, m.OriginalTime, m.SubstitutedMs);

        w.WriteIfPresent("event_code"u8, m.EventCode);
        w.WriteIfPresent("correlation_uid"u8, m.CorrelationUid);
        w.WriteString("log_provider"u8, m.LogProvider);
        w.WriteEndObject();
    }

    public static void WriteCloud(Utf8JsonWriter w, string? account, string? region)
    {
        w.WriteStartObject("cloud"u8);
        w.WriteString("provider"u8, "AWS");
        w.WriteIfPresent("region"u8, region);
        if (account is not null)
        {
            CloudTrailRecordMapper.WriteAwsAccount(w, "account", account);
        }

        w.WriteEndObject();
    }

    /// <summary>Writes <c>unmapped</c>: every property of <paramref name="source"/> not named in <paramref name="mapped"/>.</summary>
    public static void WriteUnmapped(Utf8JsonWriter w, JsonElement source, IReadOnlySet<string> mapped, Action<Utf8JsonWriter>? extra = null)
    {
        w.WriteStartObject("unmapped"u8);
        if (source.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in source.EnumerateObject())
            {
                if (!mapped.Contains(property.Name))
                {
                    property.WriteTo(w);
                }
            }
        }

        extra?.Invoke(w);
        w.WriteEndObject();
    }

    /// <summary>The account and region of an ARN (<c>arn:partition:service:region:account:resource</c>), when present.</summary>
    public static (string? Region, string? Account) ArnParts(string? arn)
    {
        if (arn is null || !arn.StartsWith("arn:", StringComparison.Ordinal))
        {
            return (null, null);
        }

        var parts = arn.Split(':', 6);
        return parts.Length < 5
            ? (null, null)
            : (parts[3].Length > 0 ? parts[3] : null, parts[4].Length > 0 ? parts[4] : null);
    }

    /// <summary>The type of the resource an ARN names (<see cref="ArnTypes"/>): <c>arn:aws:ec2:…:instance/i-1</c> → <c>AWS::EC2::Instance</c>; null when it names none.</summary>
    public static string? ArnResourceType(string arn) => ArnTypes.Of(arn);
}
