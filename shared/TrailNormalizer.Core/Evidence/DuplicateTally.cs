using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TrailNormalizer.Core.Evidence;

/// <summary>
/// At-least-once delivery can store an event twice (a redelivered message written under a new batch id). Such copies are
/// evidence of the delivery, not of two events: reports, samples and proofs count each event once. Two stored events with
/// the same <c>metadata.uid</c> and the same raw record (SHA-256 of <c>raw_data</c>, or of the whole line without it) are
/// one event delivered twice; the same uid with a different raw record is a conflict to look at.
/// Memory is a fixed 44 bytes per distinct uid when the tally is sized for its events (a 128-bit digest of the uid and
/// 128 bits of the raw record's SHA-256, in a hash table), whatever the uid's length: about 45 MB at 1 M events and
/// 4.5 GB at 100 M; while a table grows past its size it can briefly need three times that. A digest pair meets another
/// only for the same uid and raw record, barring a 128-bit collision.
/// </summary>
public sealed class DuplicateTally(int expectedEvents = 0)
{
    private readonly Dictionary<Digest128, Digest128> _seen = new(expectedEvents);
    private readonly SortedSet<string> _conflicts = new(StringComparer.Ordinal);
    private byte[] _uid = new byte[256];

    /// <summary>Stored events that repeat an earlier one (one per extra copy).</summary>
    public long DuplicateDeliveries { get; private set; }

    /// <summary>uids stored with different raw records, sorted.</summary>
    public IReadOnlyCollection<string> Conflicts => _conflicts;

    /// <summary>True when this event is an extra copy of one seen before (skip it); a conflicting one is recorded and is not a copy.</summary>
    public bool IsRepeat(JsonElement ev, ReadOnlySpan<byte> line) => EventIdentity.Of(ev, line) is { } identity && IsRepeat(identity);

    /// <summary>True when this stored line is an extra copy of an event seen before (skip it); reads it as verify does (<see cref="EventIdentityReader"/>).</summary>
    public bool IsRepeat(ReadOnlySpan<byte> line)
    {
        Span<byte> raw = stackalloc byte[SHA256.HashSizeInBytes];
        int uidLength = EventIdentityReader.Read(line, ref _uid, raw);
        if (uidLength < 0)
        {
            return false;
        }

        var uid = _uid.AsSpan(0, uidLength);
        bool? repeat = Meet(Digest128.OfText(uid), Digest128.Of(raw));
        if (repeat is null)
        {
            _conflicts.Add(Encoding.UTF8.GetString(uid));
        }

        return repeat == true;
    }

    /// <summary>True when an event with this identity is an extra copy of one seen before; a conflicting one is recorded and is not a copy.</summary>
    public bool IsRepeat(EventIdentity identity)
    {
        bool? repeat = Meet(Digest128.OfText(Encoding.UTF8.GetBytes(identity.Uid)), Digest128.Of(identity.RawSha256));
        if (repeat is null)
        {
            _conflicts.Add(identity.Uid);
        }

        return repeat == true;
    }

    /// <summary>Tallies every event of a batch, in line order.</summary>
    internal void Add(EventDigests events)
    {
        for (int i = 0; i < events.Count; i++)
        {
            var ev = events[i];
            if (Meet(ev.Uid, ev.Raw) is null)
            {
                _conflicts.Add(Encoding.UTF8.GetString(events.UidOf(ev)));
            }
        }
    }

    /// <summary>False for a uid seen first, true for a copy of its first raw record, null for a conflicting one.</summary>
    private bool? Meet(Digest128 uid, Digest128 raw)
    {
        ref var first = ref CollectionsMarshal.GetValueRefOrAddDefault(_seen, uid, out bool seen);
        if (!seen)
        {
            first = raw;
            return false;
        }

        if (first == raw)
        {
            DuplicateDeliveries++;
            return true;
        }

        return null;
    }

    /// <summary>Event batch objects that have a manifest (objects without one are interrupted writes, not evidence), in key order.</summary>
    public static IEnumerable<string> EvidenceBatches(IEvidenceStore store)
    {
        var keys = store.List(EvidenceKeys.EventsPrefix).ToHashSet(StringComparer.Ordinal);
        return keys.Where(k => k.EndsWith(EvidenceKeys.BatchSuffix, StringComparison.Ordinal) && keys.Contains(EvidenceKeys.ManifestKeyFor(k))).Order(StringComparer.Ordinal);
    }
}
