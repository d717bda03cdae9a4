using System.Buffers;
using System.Security.Cryptography;
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
public readonly record struct AwsEventMetadata(
    string Uid, string Product, string? EventCode, string? OriginalTime, long? SubstitutedMs, string LogProvider)
{
    /// <summary>The id of the delivery the event came in, when it carried more than one event (<c>metadata.correlation_uid</c>).</summary>
    public string? CorrelationUid { get; init; }
}

/// <summary>
/// Shared writing for the AWS envelope mappers (SQS, SNS, S3 notifications, EventBridge): buffer, metadata,
/// cloud, and the finished <see cref="NormalizedEvent"/>. Every event declares the cloud profile.
/// </summary>
public static class AwsEventWriter
{
    /// <summary>The label that marks an event whose time is the received time (no usable source time).</summary>
    public const string TimeSubstitutedLabel = "time:substituted-with-received-time";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes one event object with <paramref name="body"/> and returns it with its partition.</summary>
    public static NormalizedEvent Write(int classUid, long timeMs, string uid, string? account, string? region, Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        var partition = new EvidencePartition("aws", account ?? "unknown", region ?? "unknown");
        return new NormalizedEvent(buffer.WrittenSpan.ToArray(), classUid, timeMs, partition, uid);
    }

    /// <summary>Earliest source time taken as real (1973-03-03): sample placeholders such as 1970-01-01 or 1900-01-01 are not.</summary>
    public const long EarliestPlausibleMs = 100_000_000_000;

    /// <summary>
    /// The source time, or the received time when it is missing, unreadable or implausibly early (then
    /// <c>SubstitutedMs</c> is set and the event says so; <c>original_time</c> keeps the source text).
    /// </summary>
    public static (long TimeMs, long? SubstitutedMs) TimeOrReceived(long? sourceMs, long receivedMs) =>
        sourceMs is { } t && t >= EarliestPlausibleMs ? (t, null) : (receivedMs, receivedMs);

    /// <summary>A stable id for a record that has none of its own: the SHA-256 hex of its raw bytes.</summary>
    public static string HashUid(ReadOnlySpan<byte> raw) => Convert.ToHexStringLower(SHA256.HashData(raw));

    public static void WriteMetadata(Utf8JsonWriter w, in AwsEventMetadata m)
    {
        OcsfMetadata.WriteStart(w, m.Uid, m.Product, "AWS");
        CloudTrailRecordMapper.WriteIfPresent(w, "original_time", m.OriginalTime);
        if (m.SubstitutedMs is { } received)
        {
            w.WriteNumber("processed_time", received);
            w.WriteStartArray("labels");
            w.WriteStringValue(TimeSubstitutedLabel);
            w.WriteEndArray();
        }

        CloudTrailRecordMapper.WriteIfPresent(w, "event_code", m.EventCode);
        CloudTrailRecordMapper.WriteIfPresent(w, "correlation_uid", m.CorrelationUid);
        w.WriteString("log_provider", m.LogProvider);
        w.WriteEndObject();
    }

    public static void WriteCloud(Utf8JsonWriter w, string? account, string? region)
    {
        w.WriteStartObject("cloud");
        w.WriteString("provider", "AWS");
        CloudTrailRecordMapper.WriteIfPresent(w, "region", region);
        if (account is not null)
        {
            CloudTrailRecordMapper.WriteAwsAccount(w, "account", account);
        }

        w.WriteEndObject();
    }

    /// <summary>Writes <c>unmapped</c>: every property of <paramref name="source"/> not named in <paramref name="mapped"/>.</summary>
    public static void WriteUnmapped(Utf8JsonWriter w, JsonElement source, IReadOnlySet<string> mapped, Action<Utf8JsonWriter>? extra = null)
    {
        w.WriteStartObject("unmapped");
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
}
