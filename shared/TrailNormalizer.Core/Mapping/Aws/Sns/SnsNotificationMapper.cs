using System.Text.Json;
using TrailNormalizer.Core.Mapping.CloudTrail;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.Aws.Sns;

/// <summary>
/// An SNS Notification whose Message is not a known record: the notification is evidence that something was
/// published on the topic. API Activity, activity Create (a Publish), api.service sns.amazonaws.com, the topic
/// as the resource, the actor's account from the TopicArn; Message, Subject and the signature fields go to
/// <c>unmapped</c> (and the whole envelope to <c>raw_data</c>).
/// </summary>
internal static class SnsNotificationMapper
{
    private static readonly HashSet<string> Mapped = new(StringComparer.Ordinal) { "Type", "MessageId", "TopicArn", "Timestamp" };

    public static NormalizedEvent Map(SnsEnvelope envelope, ReadOnlySpan<byte> raw, long receivedMs)
    {
        var (region, account) = AwsEventWriter.ArnParts(envelope.TopicArn);
        var (time, substituted) = EventTime.PlausibleOrReceived(OcsfTime.ParseIso(envelope.Timestamp), receivedMs);
        var metadata = new AwsEventMetadata(envelope.MessageId, "SNS", envelope.Type, envelope.Timestamp, substituted, "Amazon SNS");
        byte[] rawBytes = raw.ToArray();
        return AwsEventWriter.Write(OcsfClass.ApiActivity.Uid, time, envelope.MessageId, account, region, w =>
        {
            OcsfHeader.Write(w, OcsfClass.ApiActivity, 1, null, time, OcsfEnums.StatusSuccess);
            AwsEventWriter.WriteMetadata(w, metadata);
            AwsEventWriter.WriteCloud(w, account, region);

            w.WriteStartObject("actor");
            w.WriteStartObject("user");
            if (account is not null)
            {
                CloudTrailRecordMapper.WriteAwsAccount(w, "account", account);
            }
            else
            {
                w.WriteString("name", "unknown"); // the publisher is not named in a notification
            }

            w.WriteEndObject();
            w.WriteEndObject();

            w.WriteStartObject("api");
            w.WriteString("operation", "Publish");
            w.WriteStartObject("service");
            w.WriteString("name", "sns.amazonaws.com");
            w.WriteEndObject();
            w.WriteStartObject("request");
            w.WriteString("uid", envelope.MessageId);
            w.WriteEndObject();
            w.WriteEndObject();

            w.WriteStartObject("src_endpoint");
            w.WriteString("svc_name", "sns.amazonaws.com");
            w.WriteEndObject();

            if (envelope.TopicArn is { Length: > 0 } topic)
            {
                w.WriteStartArray("resources");
                w.WriteStartObject();
                w.WriteString("uid", topic);
                w.WriteString("type", "AWS::SNS::Topic");
                w.WriteString("name", topic[(topic.LastIndexOf(':') + 1)..]);
                w.WriteEndObject();
                w.WriteEndArray();
            }

            RawData.Write(w, rawBytes);
            AwsEventWriter.WriteUnmapped(w, envelope.Body, Mapped, extra =>
            {
                if (envelope.LambdaRecord is { } record)
                {
                    extra.WriteStartObject("lambdaRecord");
                    foreach (var property in record.EnumerateObject())
                    {
                        if (property.Name != "Sns")
                        {
                            property.WriteTo(extra);
                        }
                    }

                    extra.WriteEndObject();
                }
            });
        });
    }
}
