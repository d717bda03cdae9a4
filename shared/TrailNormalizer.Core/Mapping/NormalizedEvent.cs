using TrailNormalizer.Core.Rules;

namespace TrailNormalizer.Core.Mapping;

/// <summary>One normalized OCSF event: its serialized bytes (one NDJSON line) and what the store needs to file it.</summary>
/// <param name="Json">The OCSF event as compact UTF-8 JSON, exactly as stored and hashed.</param>
/// <param name="ClassUid">The OCSF class uid.</param>
/// <param name="TimeMs">The event time in epoch milliseconds.</param>
/// <param name="Partition">Where the event is filed.</param>
/// <param name="Uid">The event's <c>metadata.uid</c>.</param>
public sealed record NormalizedEvent(byte[] Json, int ClassUid, long TimeMs, EvidencePartition Partition, string Uid)
{
    /// <summary>
    /// The kind of source record the event was mapped from, as its mapper declares it: which Sigma rules apply to its
    /// <c>raw_data</c>. Null for events no rule family applies to (envelopes, notices).
    /// </summary>
    public SourceKind? Kind { get; init; }

    /// <summary>
    /// The parsed source record the event was mapped from (the value its handler recognised, which is what <c>raw_data</c>
    /// holds), so the tagger evaluates rules without parsing <c>raw_data</c> again. Set by <see cref="RoutingContext.Normalized"/>
    /// for events with a <see cref="Kind"/>; readable only while the router routes the record (see <see cref="Mapping.RoutedRecord"/>),
    /// after which the tagger reads <c>raw_data</c> instead.
    /// </summary>
    internal RoutedRecord? RoutedRecord { get; set; }

    /// <summary>
    /// The rule ids of the event's <c>sigma</c> enrichments, read on a routing worker for escalation
    /// (<see cref="Rules.Escalation.FindingSink"/>); null when not read yet.
    /// </summary>
    internal IReadOnlyList<string>? MatchedRuleIds { get; set; }

    /// <summary>A Detection Finding escalation derived from a matched rule, not an event mapped from a source record.</summary>
    internal bool IsEscalatedFinding { get; init; }
}

/// <summary>The key partition of an event: cloud, account and region (the time partition comes from the event time).</summary>
public readonly record struct EvidencePartition(string Cloud, string Account, string Region);

/// <summary>A record that was recognised but cannot become a valid event; it is quarantined with this reason.</summary>
internal sealed class MappingException(string reason) : Exception(reason);
