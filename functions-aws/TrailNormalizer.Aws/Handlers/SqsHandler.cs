using System.Text.Json;
using TrailNormalizer.Aws.Runtime;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Mapping;
using TrailNormalizer.Core.Mapping.Aws.Sqs;
using TrailNormalizer.Core.Rules;
using TrailNormalizer.Core.Rules.Escalation;
using TrailNormalizer.Core.Rules.Tagging;

namespace TrailNormalizer.Aws.Handlers;

/// <summary>
/// The SQS-triggered function (with ReportBatchItemFailures): routes every message, tags the events with the
/// Sigma rules, writes this invocation's evidence batches, and answers <c>{"batchItemFailures":[...]}</c> naming
/// exactly the messages that must come back: those whose object could not be read or whose evidence could
/// not be stored. Unusable records are quarantined as evidence and acknowledged — a retry would not help them.
/// </summary>
public sealed class SqsHandler : IInvocationHandler
{
    private static readonly JsonDocumentOptions EventOptions = new() { MaxDepth = 64 };

    private readonly IEvidenceStore _store;
    private readonly EvidenceWriterOptions _writerOptions;
    private readonly TimeProvider _time;
    private readonly RecordRouter _router;
    private readonly EventTagger? _tagger;

    public SqsHandler(IEvidenceStore store, RecordHandlerOptions handlerOptions, EvidenceWriterOptions writerOptions, SigmaRuleSet rules, TimeProvider time)
    {
        _store = store;
        _writerOptions = writerOptions;
        _time = time;
        _router = new RecordRouter(InputLimits.Default, time, RecordHandlers.Default(handlerOptions));
        _tagger = rules.Rules.Count > 0 ? new EventTagger(rules) : null;
    }

    public HandlerResult Handle(ReadOnlyMemory<byte> payload, InvocationContext context)
    {
        using var sqsEvent = JsonDocument.Parse(payload, EventOptions);
        using var writer = new EvidenceWriter(_store, _time, _writerOptions) { TrackOwners = true };
        var findings = _tagger is null ? null : new FindingSink(_tagger.Rules, writer, () => writer.LastEventBatchKey);
        IRecordSink sink = _tagger is null ? writer : new TaggingSink(_tagger, findings!);
        var failures = SqsBatchProcessor.ProcessAndStore(sqsEvent.RootElement, _router, sink, writer);

        return new HandlerResult(SqsBatchProcessor.BatchResponse(failures),
        [
            new("messages", sqsEvent.RootElement.GetProperty("Records").GetArrayLength()),
            new("failedMessages", failures.Count),
            new("normalized", writer.NormalizedCount - (findings?.FindingCount ?? 0)),
            new("findings", findings?.FindingCount ?? 0),
            new("quarantined", writer.QuarantinedCount),
            new("batches", writer.BatchesWritten),
            new("batchesFailed", writer.BatchesFailed),
        ]);
    }
}
