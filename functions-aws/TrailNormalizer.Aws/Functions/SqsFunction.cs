using System.Runtime.InteropServices;
using System.Text.Json;
using TrailNormalizer.Aws.Runtime;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Pipeline;

namespace TrailNormalizer.Aws.Functions;

/// <summary>
/// The SQS-triggered function (with ReportBatchItemFailures): feeds every message to one <see cref="IngestSession"/> as a
/// <see cref="Delivery"/> of its own (<see cref="SqsDelivery"/>) and answers <c>{"batchItemFailures":[...]}</c> naming exactly
/// the messages that must come back: those whose routing threw (an object could not be read; nothing of the message is
/// stored) and those with a batch the store failed. A redelivered message meets the batches its earlier delivery stored.
/// Unusable records are quarantined as evidence and acknowledged — a retry would not help them.
/// </summary>
public sealed class SqsFunction(IngestOptions options) : IInvocationHandler
{
    private static readonly JsonDocumentOptions EventOptions = new() { MaxDepth = 64 };

    public HandlerResult Handle(ReadOnlyMemory<byte> payload, InvocationContext context)
    {
        using var sqsEvent = JsonDocument.Parse(payload, EventOptions);
        var records = Records(sqsEvent.RootElement);
        var notStored = new List<BatchNotStored>();
        using var session = new IngestSession(options with { OnBatchNotStored = notStored.Add }, context.RequestId);
        var failures = new List<SqsMessageFailure>();
        int i = 0;
        foreach (var record in records.EnumerateArray())
        {
            var unit = InputUnit.Value(JsonMarshal.GetRawUtf8Value(record).ToArray(), $"sqs#Records[{i++}]");
            if (SqsDelivery.Of(record, options.Time) is { } delivery)
            {
                Deliver(session, delivery, unit, SqsDelivery.MessageId(record)!, failures, notStored);
            }
            else
            {
                // Without a messageId the message cannot be failed alone: any failure fails the invocation.
                session.CountInput();
                session.Route(unit);
            }
        }

        session.Flush();
        if (notStored.FirstOrDefault(b => b.Inputs.Count == 0) is { } anonymous)
        {
            throw new IOException("an evidence batch was not stored and a message without messageId cannot be reported alone", anonymous.Error);
        }

        var summary = session.Summary();
        return new HandlerResult(SqsBatchItemFailures.Response(failures),
        [
            new("messages", summary.Inputs),
            new("failedMessages", failures.Count),
            new("normalized", summary.Normalized),
            new("findings", summary.Findings),
            new("quarantined", summary.Quarantined),
            new("batches", summary.Batches),
            new("batchesAlreadyStored", summary.BatchesAlreadyStored),
            new("batchesFailed", summary.BatchesNotStored),
        ]);
    }

    private static void Deliver(IngestSession session, Delivery delivery, InputUnit unit, string messageId, List<SqsMessageFailure> failures, List<BatchNotStored> notStored)
    {
        session.BeginDelivery(delivery);
        try
        {
            session.Route(unit);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            session.AbandonDelivery();
            failures.Add(new SqsMessageFailure(messageId, ex));
            return;
        }

        try
        {
            if (!session.EndDelivery())
            {
                failures.Add(new SqsMessageFailure(messageId, notStored[^1].Error));
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            failures.Add(new SqsMessageFailure(messageId, ex)); // its delivery record: the redelivery meets the batches and records it
        }
    }

    private static JsonElement Records(JsonElement sqsEvent) =>
        sqsEvent.ValueKind == JsonValueKind.Object && sqsEvent.TryGetProperty("Records", out var records) && records.ValueKind == JsonValueKind.Array
            ? records
            : throw new ArgumentException("not an SQS event: no Records array", nameof(sqsEvent));
}
