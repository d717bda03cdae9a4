using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TrailNormalizer.Core.Evidence.Proofs;

/// <summary>One event's place in the evidence: its batch object, line index and id.</summary>
public sealed record EventLocation(string BatchKey, int Index, string Uid, long TimeMs);

/// <summary>
/// Draws a reproducible uniform sample: each eligible event gets the score SHA-256(seed ‖ batch key ‖ index)
/// and the <c>count</c> lowest scores win. The same seed over the same evidence always gives the same sample,
/// on any machine and whatever order the batches are listed in, so an auditor can re-draw it.
/// </summary>
public static class EventSampler
{
    public static IReadOnlyList<EventLocation> Sample(IEvidenceStore store, int count, string seed, SampleFilter filter) =>
        Sample(store, count, seed, filter.Matches);

    /// <summary>The sample over the events <paramref name="eligible"/> accepts (same scores, so the same draw as an equivalent filter).</summary>
    /// <param name="store">The evidence.</param>
    /// <param name="count">How many events to draw.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="eligible">Which events may be drawn.</param>
    /// <param name="unreadable">When given, a batch or line that cannot be read is reported here (key, why) and skipped instead of thrown.</param>
    public static IReadOnlyList<EventLocation> Sample(IEvidenceStore store, int count, string seed, Func<JsonElement, bool> eligible, Action<string, string>? unreadable = null)
    {
        var best = new PriorityQueue<(EventLocation Location, byte[] Score), byte[]>(Comparer<byte[]>.Create((a, b) => -a.AsSpan().SequenceCompareTo(b)));
        foreach (var (location, ev) in Events(store, unreadable: unreadable))
        {
            if (!eligible(ev.RootElement))
            {
                ev.Dispose();
                continue;
            }

            ev.Dispose();
            byte[] score = SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}\n{location.BatchKey}\n{location.Index}"));
            if (best.Count < count)
            {
                best.Enqueue((location, score), score);
            }
            else if (count > 0 && score.AsSpan().SequenceCompareTo(best.Peek().Score) < 0)
            {
                best.DequeueEnqueue((location, score), score);
            }
        }

        return best.UnorderedItems.Select(i => i.Element).OrderBy(e => e.Score, Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b))).Select(e => e.Location).ToList();
    }

    /// <summary>
    /// Every distinct event in the store with its location, in key order: batch objects without a manifest are not evidence,
    /// and an extra copy of a delivered event (<see cref="DuplicateTally"/>) is counted in <paramref name="tally"/> and left out.
    /// </summary>
    /// <param name="store">The evidence.</param>
    /// <param name="tally">Counts the repeated deliveries left out.</param>
    /// <param name="unreadable">When given, a batch that is not gzip or a line that is not JSON is reported here (key, why) and skipped instead of thrown.</param>
    public static IEnumerable<(EventLocation Location, JsonDocument Event)> Events(IEvidenceStore store, DuplicateTally? tally = null, Action<string, string>? unreadable = null)
    {
        tally ??= new DuplicateTally();
        foreach (string key in DuplicateTally.EvidenceBatches(store))
        {
            List<byte[]> lines;
            try
            {
                lines = BatchLines.Read(store, key);
            }
            catch (InvalidDataException ex) when (unreadable is not null)
            {
                unreadable(key, ex.Message);
                continue;
            }

            for (int i = 0; i < lines.Count; i++)
            {
                JsonDocument doc;
                try
                {
                    doc = JsonDocument.Parse(lines[i], StoredEventJson.Options);
                }
                catch (JsonException ex) when (unreadable is not null)
                {
                    unreadable(key, $"line {i + 1}: {ex.Message}");
                    continue;
                }

                var root = doc.RootElement;
                if (tally.IsRepeat(lines[i]))
                {
                    doc.Dispose();
                    continue;
                }

                string uid = root.TryGetProperty("metadata", out var m) && m.TryGetProperty("uid", out var u) ? u.GetString() ?? "" : "";
                long time = root.TryGetProperty("time", out var t) && t.TryGetInt64(out long ms) ? ms : 0;
                yield return (new EventLocation(key, i, uid, time), doc);
            }
        }
    }
}
