using System.Text.Json;

namespace TrailNormalizer.Core.Evidence;

/// <summary>
/// At-least-once delivery can store an event twice (a redelivered message written under a new batch id). Such copies are
/// evidence of the delivery, not of two events: reports, samples and proofs count each event once. Two stored events with
/// the same <c>metadata.uid</c> and the same raw record (SHA-256 of <c>raw_data</c>, or of the whole line without it) are
/// one event delivered twice; the same uid with a different raw record is a conflict to look at.
/// </summary>
public sealed class DuplicateTally
{
    private readonly Dictionary<string, byte[]> _seen = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _conflicts = new(StringComparer.Ordinal);

    /// <summary>Stored events that repeat an earlier one (one per extra copy).</summary>
    public long DuplicateDeliveries { get; private set; }

    /// <summary>uids stored with different raw records, sorted.</summary>
    public IReadOnlyCollection<string> Conflicts => _conflicts;

    /// <summary>True when this event is an extra copy of one seen before (skip it); a conflicting one is recorded and is not a copy.</summary>
    public bool IsRepeat(JsonElement ev, ReadOnlySpan<byte> line) => EventIdentity.Of(ev, line) is { } identity && IsRepeat(identity);

    /// <summary>True when an event with this identity is an extra copy of one seen before; a conflicting one is recorded and is not a copy.</summary>
    public bool IsRepeat(EventIdentity identity)
    {
        if (!_seen.TryGetValue(identity.Uid, out byte[]? first))
        {
            _seen[identity.Uid] = identity.RawSha256;
            return false;
        }

        if (first.AsSpan().SequenceEqual(identity.RawSha256))
        {
            DuplicateDeliveries++;
            return true;
        }

        _conflicts.Add(identity.Uid);
        return false;
    }

    /// <summary>Event batch objects that have a manifest (objects without one are interrupted writes, not evidence), in key order.</summary>
    public static IEnumerable<string> EvidenceBatches(IEvidenceStore store)
    {
        var keys = store.List(EvidenceKeys.EventsPrefix).ToHashSet(StringComparer.Ordinal);
        return keys.Where(k => k.EndsWith(EvidenceKeys.BatchSuffix, StringComparison.Ordinal) && keys.Contains(EvidenceKeys.ManifestKeyFor(k))).Order(StringComparer.Ordinal);
    }
}
