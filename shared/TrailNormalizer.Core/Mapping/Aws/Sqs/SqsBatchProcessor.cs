using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.Aws.Sqs;

/// <summary>An SQS message that could not be processed: the adapter reports its id in <c>batchItemFailures</c>.</summary>
public sealed record SqsMessageFailure(string MessageId, Exception Error);

/// <summary>
/// Processes a Lambda SQS event message by message for an adapter with <c>ReportBatchItemFailures</c>:
/// each message is routed on its own; an exception while routing it (an object source or the evidence sink
/// failing) fails only that message, which SQS then redelivers. Records that are merely unusable are
/// quarantined, not failed: retrying would not help them. Events a failed message emitted before the failure
/// are emitted again on redelivery with the same <c>metadata.uid</c>.
/// </summary>
public static class SqsBatchProcessor
{
    /// <summary>Routes every message of <paramref name="sqsEvent"/> into <paramref name="sink"/>; returns the failed ones.</summary>
    /// <exception cref="ArgumentException">The event has no Records array, or a record without messageId failed (it cannot be reported).</exception>
    public static IReadOnlyList<SqsMessageFailure> Process(JsonElement sqsEvent, RecordRouter router, IRecordSink sink, string source = "sqs") =>
        Process(sqsEvent, router, sink, source, null);

    private static IEnumerable<string> MessageIds(JsonElement sqsEvent) =>
        sqsEvent.GetProperty("Records").EnumerateArray().Select(r => r.NonEmpty("messageId")).OfType<string>();

    private static List<SqsMessageFailure> Process(JsonElement sqsEvent, RecordRouter router, IRecordSink sink, string source, Action<string?>? beforeMessage)
    {
        if (sqsEvent.ValueKind != JsonValueKind.Object || !sqsEvent.TryGetProperty("Records", out var records) || records.ValueKind != JsonValueKind.Array)
        {
            throw new ArgumentException("not an SQS event: no Records array", nameof(sqsEvent));
        }

        var failures = new List<SqsMessageFailure>();
        int i = 0;
        foreach (var record in records.EnumerateArray())
        {
            string? messageId = record.NonEmpty("messageId");
            var unit = InputUnit.Value(JsonMarshal.GetRawUtf8Value(record).ToArray(), $"{source}#Records[{i++}]");
            beforeMessage?.Invoke(messageId);
            try
            {
                router.Route(unit, sink);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException && messageId is not null)
            {
                failures.Add(new SqsMessageFailure(messageId, ex));
            }
        }

        return failures;
    }

    /// <summary>
    /// Routes every message into <paramref name="sink"/> (which ends in <paramref name="writer"/>, created with
    /// <see cref="EvidenceWriter.TrackOwners"/>), stores every batch, and returns the messages that must not be
    /// acknowledged: those whose routing threw and those with anything in a batch that could not be stored.
    /// </summary>
    public static IReadOnlyList<SqsMessageFailure> ProcessAndStore(JsonElement sqsEvent, RecordRouter router, IRecordSink sink, EvidenceWriter writer, string source = "sqs")
    {
        if (!writer.TrackOwners)
        {
            throw new ArgumentException("the evidence writer must track owners", nameof(writer));
        }

        var failures = Process(sqsEvent, router, sink, source, messageId => writer.CurrentOwner = messageId).ToList();
        writer.CurrentOwner = null;
        writer.Flush();
        if (writer.BatchesFailed > 0 && MessageIds(sqsEvent).Count() < sqsEvent.GetProperty("Records").GetArrayLength())
        {
            throw new IOException("an evidence batch was not stored and a message without messageId cannot be reported alone", writer.FirstStoreError);
        }

        var failed = failures.Select(f => f.MessageId).ToHashSet(StringComparer.Ordinal);
        foreach (string messageId in MessageIds(sqsEvent).Where(id => writer.FailedOwners.Contains(id) && failed.Add(id)))
        {
            failures.Add(new SqsMessageFailure(messageId, writer.FirstStoreError ?? new IOException("evidence batch not stored")));
        }

        return failures;
    }

    /// <summary>The Lambda response for partial batch failures: <c>{"batchItemFailures":[{"itemIdentifier":"id"}]}</c>.</summary>
    public static byte[] BatchResponse(IReadOnlyList<SqsMessageFailure> failures)
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
