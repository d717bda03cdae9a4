using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Mapping;
using TrailNormalizer.Core.Rules.Escalation;
using TrailNormalizer.Core.Rules.Tagging;

namespace TrailNormalizer.Azure.Functions;

/// <summary>One invocation's router, evidence writer and the sink in front of it (the rule tagger, then escalation to detection findings, when there are rules).</summary>
public sealed class IngestContext : IDisposable
{
    public const string Producer = "trailnorm-azure";

    public IngestContext(HandlerServices services)
    {
        Router = new RecordRouter(services.Limits, services.Time, services.Handlers);
        Writer = new EvidenceWriter(services.Store, services.Time, new EvidenceWriterOptions
        {
            Producer = Producer,
            Retention = services.Retention,
            MaxUncompressedBytesPerBatch = services.MaxBatchBytes,
        });
        Findings = services.Tagger is { } rules ? new FindingSink(rules.Rules, Writer, () => Writer.LastEventBatchKey) : null;
        Sink = services.Tagger is { } tagger ? new TaggingSink(tagger, Findings!) : Writer;
    }

    public RecordRouter Router { get; }

    public EvidenceWriter Writer { get; }

    public IRecordSink Sink { get; }

    /// <summary>Escalation of high-level rule matches to detection findings stored with the events; null without rules.</summary>
    public FindingSink? Findings { get; }

    /// <summary>What was stored, once the writer has been flushed.</summary>
    public IngestSummary Summary(int logBlobs) =>
        new(Writer.NormalizedCount - (Findings?.FindingCount ?? 0), Writer.QuarantinedCount, Writer.ControlCount, Writer.BatchesWritten, logBlobs);

    public void Dispose() => Writer.Dispose();
}
