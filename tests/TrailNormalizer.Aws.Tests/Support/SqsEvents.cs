using System.Text;
using System.Text.Json;

namespace TrailNormalizer.Aws.Tests.Support;

/// <summary>Builds Lambda SQS events (the shape Lambda's event source mapping delivers) around message bodies.</summary>
public static class SqsEvents
{
    public const string QueueArn = "arn:aws:sqs:eu-west-1:111122223333:audit-intake";

    public static byte[] Build(params (string MessageId, string Body)[] messages)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteStartArray("Records");
            foreach (var (id, body) in messages)
            {
                w.WriteStartObject();
                w.WriteString("messageId", id);
                w.WriteString("receiptHandle", "AQEB" + id);
                w.WriteString("body", body);
                w.WriteStartObject("attributes");
                w.WriteString("ApproximateReceiveCount", "1");
                w.WriteString("SentTimestamp", "1771056010000");
                w.WriteString("SenderId", "AIDAEXAMPLESENDER001");
                w.WriteString("ApproximateFirstReceiveTimestamp", "1771056010000");
                w.WriteEndObject();
                w.WriteStartObject("messageAttributes");
                w.WriteEndObject();
#pragma warning disable CA5351 // SQS itself sends the MD5 of the body; nothing here relies on it
                w.WriteString("md5OfBody", Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(Encoding.UTF8.GetBytes(body))));
#pragma warning restore CA5351
                w.WriteString("eventSource", "aws:sqs");
                w.WriteString("eventSourceARN", QueueArn);
                w.WriteString("awsRegion", "eu-west-1");
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return stream.ToArray();
    }

    /// <summary>The message ids in a <c>{"batchItemFailures":[{"itemIdentifier":...}]}</c> answer.</summary>
    public static IReadOnlyList<string> FailedIds(byte[] response)
    {
        using var document = JsonDocument.Parse(response);
        return document.RootElement.GetProperty("batchItemFailures").EnumerateArray()
            .Select(f => f.GetProperty("itemIdentifier").GetString()!).ToList();
    }
}
