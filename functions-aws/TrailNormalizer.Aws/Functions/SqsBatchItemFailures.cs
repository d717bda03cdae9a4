using System.Buffers;
using System.Text.Json;

namespace TrailNormalizer.Aws.Functions;

/// <summary>An SQS message that must come back: the function names it in <c>batchItemFailures</c>.</summary>
public sealed record SqsMessageFailure(string MessageId, Exception Error);

/// <summary>The Lambda response for partial batch failures (<c>ReportBatchItemFailures</c>).</summary>
public static class SqsBatchItemFailures
{
    /// <summary><c>{"batchItemFailures":[{"itemIdentifier":"id"}]}</c>; an empty list acknowledges every message.</summary>
    public static byte[] Response(IReadOnlyList<SqsMessageFailure> failures)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + (failures.Count * 64));
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("batchItemFailures");
            foreach (var failure in failures)
            {
                w.WriteStartObject();
                w.WriteString("itemIdentifier", failure.MessageId);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
