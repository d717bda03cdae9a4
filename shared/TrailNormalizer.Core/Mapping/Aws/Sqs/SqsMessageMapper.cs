using System.Globalization;
using System.Text;
using System.Text.Json;
using TrailNormalizer.Core.Ocsf;
using TrailNormalizer.Core.Rules;

namespace TrailNormalizer.Core.Mapping.Aws.Sqs;

/// <summary>
/// An SQS message whose body is no known record: the message is evidence that its sender sent it to the queue, so it
/// is API Activity (6003) "SendMessage", activity Create, that succeeded (SQS delivers only accepted messages), at the
/// message's <c>SentTimestamp</c>, done by the sender (<c>SenderId</c>: an IAM user or role id, or an account) to the queue.
/// The body stays in <c>unmapped.body</c>. The record does not say where the sender called from: the endpoint is SQS.
/// </summary>
public static class SqsMessageMapper
{
    private static readonly HashSet<string> Mapped = new(StringComparer.Ordinal) { "messageId", "awsRegion", "eventSource", "eventSourceARN" };

    public static NormalizedEvent Map(JsonElement message, ReadOnlySpan<byte> raw, string messageId, string body, long receivedMs)
    {
        string? queueArn = message.NonEmpty("eventSourceARN");
        var (arnRegion, account) = AwsEventWriter.ArnParts(queueArn);
        string? region = message.NonEmpty("awsRegion") ?? arnRegion;
        var attributes = message.Obj("attributes");
        string? sent = attributes?.Str("SentTimestamp");
        long? sentMs = long.TryParse(sent, NumberStyles.None, CultureInfo.InvariantCulture, out long ms) ? ms : null;
        var (time, substituted) = EventTime.PlausibleOrReceived(sentMs, receivedMs);
        string? sender = attributes?.NonEmpty("SenderId");
        string queue = queueArn is null ? "an unnamed queue" : queueArn[(queueArn.LastIndexOf(':') + 1)..];
        string kind = body.Length == 0 ? "an empty body" : $"a {Encoding.UTF8.GetByteCount(body)}-byte body that is not a known record";
        var metadata = new AwsEventMetadata(messageId, "SQS", "SQS Message", sent, substituted, "Amazon SQS");
        byte[] rawBytes = raw.ToArray();
        return AwsEventWriter.Write(OcsfClass.ApiActivity.Uid, time, messageId, account, region, w =>
        {
            OcsfHeader.Write(w, OcsfClass.ApiActivity, CloudTrail.ApiVerbs.Create, null, time, OcsfEnums.StatusSuccess);
            w.WriteString("message", $"SQS message {messageId} sent{(sender is null ? "" : $" by {sender}")} to {queue} with {kind}");
            AwsEventWriter.WriteMetadata(w, metadata);
            AwsEventWriter.WriteCloud(w, account, region);
            WriteActor(w, sender);
            w.WriteStartObject("api");
            w.WriteString("operation", "SendMessage");
            w.WriteStartObject("service");
            w.WriteString("name", "sqs.amazonaws.com");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartObject("src_endpoint");
            w.WriteString("svc_name", "sqs.amazonaws.com");
            w.WriteEndObject();
            w.WriteStartArray("resources");
            if (queueArn is not null)
            {
                w.WriteStartObject();
                w.WriteString("uid", queueArn);
                w.WriteString("name", queue);
                w.WriteString("type", "AWS::SQS::Queue");
                w.WriteIfPresent("region", region);
                w.WriteEndObject();
            }

            w.WriteStartObject();
            w.WriteString("uid", messageId);
            w.WriteString("type", "AWS::SQS::Message");
            w.WriteEndObject();
            w.WriteEndArray();
            RawData.Write(w, rawBytes);
            AwsEventWriter.WriteUnmapped(w, message, Mapped);
        });
    }

    /// <summary>The sender: an account (12 digits), an IAM user id (AIDA…), a role session (AROA…:session), or unknown.</summary>
    private static void WriteActor(Utf8JsonWriter w, string? sender)
    {
        w.WriteStartObject("actor");
        w.WriteStartObject("user");
        w.WriteString("uid", sender ?? "unknown");
        string? type = sender switch
        {
            null => null,
            _ when sender.Length == 12 && sender.All(char.IsAsciiDigit) => "AWSAccount",
            _ when sender.StartsWith("AIDA", StringComparison.Ordinal) => "IAMUser",
            _ when sender.StartsWith("AROA", StringComparison.Ordinal) => "AssumedRole",
            _ => null,
        };
        if (type is not null)
        {
            w.WriteNumber("type_id", type == "IAMUser" ? OcsfEnums.UserTypeUser : OcsfEnums.UserTypeOther);
            w.WriteString("type", type == "IAMUser" ? OcsfEnums.UserTypeCaption(OcsfEnums.UserTypeUser) : type);
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }
}
