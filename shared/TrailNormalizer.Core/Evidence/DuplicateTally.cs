using System.Security.Cryptography;
using System.Text;
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
    public bool IsRepeat(JsonElement ev, ReadOnlySpan<byte> line)
    {
        if (!ev.TryGetProperty("metadata", out var metadata) || metadata.ValueKind != JsonValueKind.Object
            || !metadata.TryGetProperty("uid", out var uid) || uid.ValueKind != JsonValueKind.String || uid.GetString() is not { Length: > 0 } id)
        {
            return false;
        }

        byte[] hash = ev.TryGetProperty("raw_data", out var raw) && raw.ValueKind == JsonValueKind.String
            ? SHA256.HashData(Encoding.UTF8.GetBytes(raw.GetString()!))
            : SHA256.HashData(line);
        if (!_seen.TryGetValue(id, out byte[]? first))
        {
            _seen[id] = hash;
            return false;
        }

        if (first.AsSpan().SequenceEqual(hash))
        {
            DuplicateDeliveries++;
            return true;
        }

        _conflicts.Add(id);
        return false;
    }

    /// <summary>Reads every event of the given batches (verified ones) once and tallies copies and conflicts.</summary>
    public static DuplicateTally Scan(IEvidenceStore store, IEnumerable<string> batchKeys)
    {
        var tally = new DuplicateTally();
        foreach (string key in batchKeys.Order(StringComparer.Ordinal))
        {
            foreach (byte[] line in BatchLines.Read(store, key))
            {
                try
                {
                    using var doc = JsonDocument.Parse(line, StoredEventJson.Options);
                    tally.IsRepeat(doc.RootElement, line);
                }
                catch (JsonException)
                {
                    // not an event line; the Merkle checks already covered its bytes
                }
            }
        }

        return tally;
    }

    /// <summary>Event batch objects that have a manifest (objects without one are interrupted writes, not evidence), in key order.</summary>
    public static IEnumerable<string> EvidenceBatches(IEvidenceStore store)
    {
        var keys = store.List(EvidenceKeys.EventsPrefix).ToHashSet(StringComparer.Ordinal);
        return keys.Where(k => k.EndsWith(EvidenceKeys.BatchSuffix, StringComparison.Ordinal) && keys.Contains(EvidenceKeys.ManifestKeyFor(k))).Order(StringComparer.Ordinal);
    }
}
