using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Mapping;
using TrailNormalizer.Core.Rules;
using TrailNormalizer.Core.Rules.Escalation;

namespace TrailNormalizer.Core.Pipeline;

/// <summary>
/// What every <see cref="IngestSession"/> of a host shares: the evidence store, limits, the record handlers' services, how
/// batches are cut, the rules and escalation. Built once per process (CLI run, Lambda instance, Functions host).
/// </summary>
public sealed record IngestOptions
{
    public required IEvidenceStore Store { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public InputLimits Limits { get; init; } = InputLimits.Default;

    /// <summary>The services the record handlers need (object source for pointers, SNS certificates and topics).</summary>
    public RecordHandlerOptions Handlers { get; init; } = new();

    public EvidenceWriterOptions Writer { get; init; } = new();

    /// <summary>Tags events with these rules; null or empty writes them untagged.</summary>
    public SigmaRuleSet? Rules { get; init; }

    /// <summary>Turns matches at or above its level into detection findings stored with the events; null for none.</summary>
    public EscalationOptions? Escalation { get; init; }

    /// <summary>
    /// Threads that route and tag units (local files, streams); a further thread then batches, compresses and stores them in
    /// input order, so the evidence is the same as with 1, which routes on the caller's thread. Deliveries need 1.
    /// </summary>
    public int Workers { get; init; } = 1;

    /// <summary>
    /// Hears about a batch that could not be stored, with the inputs that had records in it. With a listener the session
    /// goes on (the host fails those inputs, e.g. SQS <c>batchItemFailures</c>); without one the store's exception is thrown.
    /// </summary>
    public Action<BatchNotStored>? OnBatchNotStored { get; init; }
}
