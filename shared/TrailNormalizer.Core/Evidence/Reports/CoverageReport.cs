using System.Text.Json;
using TrailNormalizer.Core.Evidence.Checkpoints;
using TrailNormalizer.Core.Evidence.Proofs;

namespace TrailNormalizer.Core.Evidence.Reports;

/// <summary>A gap in the event stream of one account/region longer than the report's threshold: a possible logging gap.</summary>
public sealed record CoverageGap(string Partition, long FromMs, long ToMs);

/// <summary>The events that evidence one control (by their <c>control:</c> label): how many, their incident categories, first and last.</summary>
public sealed record ControlEvidence(ControlInfo Control, long Events, IReadOnlyDictionary<string, long> Categories, long FirstMs, long LastMs);

/// <summary>Event counts of one account/region or one incident category per time bucket of a <see cref="Timeline"/>.</summary>
public sealed record TimelineLane(string Label, IReadOnlyList<long> Counts);

/// <summary>Counts over time: buckets of <see cref="BucketMs"/> from <see cref="StartMs"/>, one lane per series.</summary>
public sealed record Timeline(long StartMs, long BucketMs, int Buckets, IReadOnlyList<TimelineLane> Lanes);

/// <summary>
/// What an evidence folder covers, for auditors: the period, sources, accounts and regions, counts per class and
/// incident category, evidence per control, activity over time, gaps in time per account/region longer than a
/// threshold, where sign-ins came from, quarantine and checkpoint status.
/// </summary>
public sealed record CoverageReport
{
    public long Events { get; init; }

    public long QuarantinedItems { get; init; }

    public long? FirstMs { get; init; }

    public long? LastMs { get; init; }

    /// <summary>The period asked for (null when the whole evidence is reported).</summary>
    public long? PeriodFromMs { get; init; }

    public long? PeriodToMs { get; init; }

    public required IReadOnlyDictionary<string, long> Sources { get; init; }

    public required IReadOnlyDictionary<string, long> Partitions { get; init; }

    public required IReadOnlyDictionary<int, long> Classes { get; init; }

    public required IReadOnlyDictionary<string, long> IncidentCategories { get; init; }

    public required IReadOnlyList<ControlEvidence> Controls { get; init; }

    /// <summary>Where sign-ins came from (the client's country or city): a location, never a cloud region.</summary>
    public required IReadOnlyDictionary<string, long> SignInLocations { get; init; }

    public required Timeline Activity { get; init; }

    public required Timeline IncidentTimeline { get; init; }

    public required IReadOnlyList<CoverageGap> Gaps { get; init; }

    public TimeSpan GapThreshold { get; init; }

    public int Batches { get; init; }

    public int SealedBatches { get; init; }

    public int Checkpoints { get; init; }

    public long LogSize { get; init; }

    public string? LastSealedAt { get; init; }

    /// <summary>Batch objects the seals recorded as abandoned writes (no manifest, not evidence).</summary>
    public int AbandonedWrites { get; init; }

    /// <summary>Extra stored copies of delivered events (same uid, same raw record), not counted in <see cref="Events"/>.</summary>
    public long DuplicateDeliveries { get; init; }

    /// <summary>uids stored with different raw records.</summary>
    public IReadOnlyCollection<string> UidConflicts { get; init; } = [];

    /// <summary>Reads every event once (streaming batch by batch) and the log, and summarizes them.</summary>
    /// <param name="store">The evidence.</param>
    /// <param name="gapThreshold">Pauses longer than this per account/region are reported as gaps.</param>
    /// <param name="fromMs">Only events at or after this time; the pause from here to the first event counts as a gap too.</param>
    /// <param name="toMs">Only events before this time; the pause from the last event to here counts as a gap too.</param>
    /// <param name="unreadable">When given, batches that cannot be read are reported here and left out instead of thrown.</param>
    public static CoverageReport Build(IEvidenceStore store, TimeSpan gapThreshold, long? fromMs = null, long? toMs = null, Action<string, string>? unreadable = null)
    {
        var sources = new Dictionary<string, long>(StringComparer.Ordinal);
        var partitions = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        var classes = new Dictionary<int, long>();
        var incidents = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        var controls = new Dictionary<string, ControlTally>(StringComparer.Ordinal);
        var locations = new Dictionary<string, long>(StringComparer.Ordinal);
        long events = 0;
        var duplicates = new DuplicateTally();
        foreach (var (location, doc) in EventSampler.Events(store, duplicates, unreadable))
        {
            using (doc)
            {
                if ((fromMs is { } from && location.TimeMs < from) || (toMs is { } to && location.TimeMs >= to))
                {
                    continue;
                }

                var ev = doc.RootElement;
                events++;
                Add(sources, EventFields.Product(ev));
                int classUid = ev.TryGetProperty("class_uid", out var c) && c.TryGetInt32(out int uid) ? uid : -1;
                classes[classUid] = classes.GetValueOrDefault(classUid) + 1;
                var labels = EventFields.Labels(ev);
                var categories = labels.Where(l => l.StartsWith(EventFields.IncidentPrefix, StringComparison.Ordinal)).Select(l => l[EventFields.IncidentPrefix.Length..]).ToList();
                foreach (string category in categories)
                {
                    Times(incidents, category).Add(location.TimeMs);
                }

                foreach (string label in labels.Where(l => l.StartsWith(ControlCatalog.LabelPrefix, StringComparison.Ordinal)))
                {
                    if (!controls.TryGetValue(label, out var tally))
                    {
                        controls[label] = tally = new ControlTally();
                    }

                    tally.Add(location.TimeMs, categories);
                }

                if (classUid == EventFields.AuthenticationClass && EventFields.SourceLocation(ev) is { } place)
                {
                    Add(locations, place);
                }

                Times(partitions, PartitionOf(location.BatchKey)).Add(location.TimeMs);
            }
        }

        var gaps = FindGaps(partitions, gapThreshold, fromMs, toMs);
        var manifests = store.List("").Where(k => k.EndsWith(EvidenceKeys.ManifestSuffix, StringComparison.Ordinal)).ToList();
        long quarantined = manifests.Where(k => k.StartsWith(EvidenceKeys.QuarantinePrefix, StringComparison.Ordinal))
            .Sum(k => (long)BatchManifest.Parse(EvidenceLog.ReadAll(store, k)).Count);
        var log = EvidenceLog.Read(store);
        var all = partitions.Values.SelectMany(t => t).ToList();
        long? first = all.Count > 0 ? all.Min() : null;
        long? last = all.Count > 0 ? all.Max() : null;
        var catalog = ControlCatalog.BuiltIn;
        return new CoverageReport
        {
            Events = events,
            QuarantinedItems = quarantined,
            FirstMs = first,
            LastMs = last,
            PeriodFromMs = fromMs,
            PeriodToMs = toMs,
            Sources = sources,
            Partitions = partitions.ToDictionary(p => p.Key, p => (long)p.Value.Count, StringComparer.Ordinal),
            Classes = classes,
            IncidentCategories = incidents.ToDictionary(i => i.Key, i => (long)i.Value.Count, StringComparer.Ordinal),
            Controls = controls.Select(c => c.Value.ToEvidence(catalog.FromLabel(c.Key)!)).ToList(),
            SignInLocations = locations,
            Activity = TimelineBuilder.Build(fromMs ?? first, toMs ?? (last + 1), partitions),
            IncidentTimeline = TimelineBuilder.Build(fromMs ?? first, toMs ?? (last + 1), incidents),
            Gaps = gaps,
            GapThreshold = gapThreshold,
            Batches = manifests.Count,
            SealedBatches = log.Leaves.Count(),
            Checkpoints = log.Checkpoints.Count(c => c is not null),
            LogSize = log.Seals.Count > 0 ? log.Seals[^1].TreeSize : 0,
            LastSealedAt = log.Seals.Count > 0 ? log.Seals[^1].SealedAt : null,
            AbandonedWrites = log.Abandoned.Count(),
            DuplicateDeliveries = duplicates.DuplicateDeliveries,
            UidConflicts = duplicates.Conflicts,
        };
    }

    private static List<CoverageGap> FindGaps(Dictionary<string, List<long>> partitions, TimeSpan threshold, long? fromMs, long? toMs)
    {
        var gaps = new List<CoverageGap>();
        foreach (var (partition, times) in partitions.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            times.Sort();
            var edges = new List<long>(times.Count + 2);
            if (fromMs is { } from)
            {
                edges.Add(from);
            }

            edges.AddRange(times);
            if (toMs is { } to)
            {
                edges.Add(to);
            }

            for (int i = 1; i < edges.Count; i++)
            {
                if (edges[i] - edges[i - 1] > threshold.TotalMilliseconds)
                {
                    gaps.Add(new CoverageGap(partition, edges[i - 1], edges[i]));
                }
            }
        }

        return gaps;
    }

    private static void Add(Dictionary<string, long> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;

    private static List<long> Times(Dictionary<string, List<long>> series, string key)
    {
        if (!series.TryGetValue(key, out var times))
        {
            series[key] = times = [];
        }

        return times;
    }

    /// <summary>"cloud=aws account=111122223333 region=eu-west-1" from a batch key.</summary>
    private static string PartitionOf(string batchKey)
    {
        var parts = batchKey.Split('/').Where(p => p.StartsWith("cloud=", StringComparison.Ordinal) || p.StartsWith("account=", StringComparison.Ordinal) || p.StartsWith("region=", StringComparison.Ordinal));
        return string.Join(' ', parts);
    }

    private sealed class ControlTally
    {
        private readonly Dictionary<string, long> _categories = new(StringComparer.Ordinal);
        private long _events;
        private long _first = long.MaxValue;
        private long _last = long.MinValue;

        public void Add(long timeMs, IEnumerable<string> categories)
        {
            _events++;
            _first = Math.Min(_first, timeMs);
            _last = Math.Max(_last, timeMs);
            foreach (string category in categories)
            {
                _categories[category] = _categories.GetValueOrDefault(category) + 1;
            }
        }

        public ControlEvidence ToEvidence(ControlInfo control) => new(control, _events, _categories, _first, _last);
    }
}
