using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TrailNormalizer.Aws.Runtime;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Evidence.Runs;
using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Pipeline;

namespace TrailNormalizer.Aws.Handlers;

/// <summary>
/// The SQS-triggered function (with ReportBatchItemFailures): feeds every message to one <see cref="IngestSession"/> as an
/// input of its own, and answers <c>{"batchItemFailures":[...]}</c> naming exactly the messages that must come back: those
/// whose routing threw (an object could not be read) and those with anything in a batch the store failed. Unusable records
/// are quarantined as evidence and acknowledged — a retry would not help them.
/// </summary>
public sealed class SqsHandler(IngestOptions options) : IInvocationHandler
{
    private static readonly JsonDocumentOptions EventOptions = new() { MaxDepth = 64 };

    public HandlerResult Handle(ReadOnlyMemory<byte> payload, InvocationContext context)
    {
        using var sqsEvent = JsonDocument.Parse(payload, EventOptions);
        var records = Records(sqsEvent.RootElement);
        var notStored = new List<BatchNotStored>();
        using var session = new IngestSession(options with { OnBatchNotStored = notStored.Add });
        var failures = new List<SqsMessageFailure>();
        var messageOfInput = new Dictionary<string, string>(StringComparer.Ordinal);
        bool anonymous = false;
        int i = 0;
        foreach (var record in records.EnumerateArray())
        {
            string? messageId = MessageId(record);
            anonymous |= messageId is null;
            session.CurrentInput = messageId is null ? null : new InputCursor(InputIdOf(record, messageId), new HashSet<long>());
            if (session.CurrentInput is { } input)
            {
                messageOfInput[input.Sha256] = messageId!;
            }

            session.CountInput();
            try
            {
                session.Route(InputUnit.Value(JsonMarshal.GetRawUtf8Value(record).ToArray(), $"sqs#Records[{i++}]"));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException && messageId is not null)
            {
                failures.Add(new SqsMessageFailure(messageId, ex));
            }
        }

        session.CurrentInput = null;
        session.Flush();
        if (notStored.Count > 0 && anonymous)
        {
            throw new IOException("an evidence batch was not stored and a message without messageId cannot be reported alone", notStored[0].Error);
        }

        var failed = failures.Select(f => f.MessageId).ToHashSet(StringComparer.Ordinal);
        foreach (var batch in notStored)
        {
            foreach (string input in batch.Inputs)
            {
                if (messageOfInput.TryGetValue(input, out string? messageId) && failed.Add(messageId))
                {
                    failures.Add(new SqsMessageFailure(messageId, batch.Error));
                }
            }
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
            new("batchesFailed", summary.BatchesNotStored),
        ]);
    }

    /// <summary>The input id of a message: SHA-256 of its queue and message id (SQS keeps the id across redeliveries).</summary>
    public static string InputIdOf(JsonElement record, string messageId)
    {
        string queue = record.TryGetProperty("eventSourceARN", out var arn) && arn.ValueKind == JsonValueKind.String ? arn.GetString()! : "";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"sqs:{queue}/{messageId}")));
    }

    private static JsonElement Records(JsonElement sqsEvent) =>
        sqsEvent.ValueKind == JsonValueKind.Object && sqsEvent.TryGetProperty("Records", out var records) && records.ValueKind == JsonValueKind.Array
            ? records
            : throw new ArgumentException("not an SQS event: no Records array", nameof(sqsEvent));

    private static string? MessageId(JsonElement record) =>
        record.ValueKind == JsonValueKind.Object && record.TryGetProperty("messageId", out var id) && id.ValueKind == JsonValueKind.String
            && id.GetString() is { Length: > 0 } value ? value : null;
}
