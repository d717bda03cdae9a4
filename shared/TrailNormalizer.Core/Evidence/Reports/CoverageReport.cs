using System.Text.Json;
using TrailNormalizer.Core.Evidence.Checkpoints;
using TrailNormalizer.Core.Evidence.Proofs;

namespace TrailNormalizer.Core.Evidence.Reports;

/// <summary>A gap in the event stream of one account/region longer than the report's threshold: a possible logging gap.</summary>
public sealed record CoverageGap(string Partition, long FromMs, long ToMs);

/// <summary>
/// What an evidence folder covers, for auditors: the period, sources, accounts and regions, counts per class and
/// incident category, gaps in time per account/region longer than a threshold, quarantine and checkpoint status.
/// </summary>
public sealed record CoverageReport
{
    public long Events { get; init; }

    public long QuarantinedItems { get; init; }

    public long? FirstMs { get; init; }

    public long? LastMs { get; init; }

    public required IReadOnlyDictionary<string, long> Sources { get; init; }

    public required IReadOnlyDictionary<string, long> Partitions { get; init; }

    public required IReadOnlyDictionary<int, long> Classes { get; init; }

    public required IReadOnlyDictionary<string, long> IncidentCategories { get; init; }

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
    public static CoverageReport Build(IEvidenceStore store, TimeSpan gapThreshold)
    {
        var sources = new Dictionary<string, long>(StringComparer.Ordinal);
        var partitions = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        var classes = new Dictionary<int, long>();
        var incidents = new Dictionary<string, long>(StringComparer.Ordinal);
        long events = 0;
        var tally = new DuplicateTally();
        foreach (var (location, doc) in EventSampler.Events(store, tally))
        {
            using (doc)
            {
                var ev = doc.RootElement;
                events++;
                string product = ev.TryGetProperty("metadata", out var m) && m.TryGetProperty("product", out var p) && p.TryGetProperty("name", out var n)
                    ? n.GetString() ?? "unknown" : "unknown";
                sources[product] = sources.GetValueOrDefault(product) + 1;
                int classUid = ev.TryGetProperty("class_uid", out var c) && c.TryGetInt32(out int uid) ? uid : -1;
                classes[classUid] = classes.GetValueOrDefault(classUid) + 1;
                if (m.ValueKind == JsonValueKind.Object && m.TryGetProperty("labels", out var labels) && labels.ValueKind == JsonValueKind.Array)
                {
                    foreach (var label in labels.EnumerateArray().Select(l => l.GetString() ?? "").Where(l => l.StartsWith("incident:", StringComparison.Ordinal)))
                    {
                        incidents[label["incident:".Length..]] = incidents.GetValueOrDefault(label["incident:".Length..]) + 1;
                    }
                }

                string partition = PartitionOf(location.BatchKey);
                if (!partitions.TryGetValue(partition, out var times))
                {
                    partitions[partition] = times = [];
                }

                times.Add(location.TimeMs);
            }
        }

        var gaps = new List<CoverageGap>();
        foreach (var (partition, times) in partitions.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            times.Sort();
            for (int i = 1; i < times.Count; i++)
            {
                if (times[i] - times[i - 1] > gapThreshold.TotalMilliseconds)
                {
                    gaps.Add(new CoverageGap(partition, times[i - 1], times[i]));
                }
            }
        }

        var manifests = store.List("").Where(k => k.EndsWith(EvidenceKeys.ManifestSuffix, StringComparison.Ordinal)).ToList();
        long quarantined = manifests.Where(k => k.StartsWith(EvidenceKeys.QuarantinePrefix, StringComparison.Ordinal))
            .Sum(k => (long)BatchManifest.Parse(EvidenceLog.ReadAll(store, k)).Count);
        var log = EvidenceLog.Read(store);
        var all = partitions.Values.SelectMany(t => t).ToList();
        return new CoverageReport
        {
            Events = events,
            QuarantinedItems = quarantined,
            FirstMs = all.Count > 0 ? all.Min() : null,
            LastMs = all.Count > 0 ? all.Max() : null,
            Sources = sources,
            Partitions = partitions.ToDictionary(p => p.Key, p => (long)p.Value.Count, StringComparer.Ordinal),
            Classes = classes,
            IncidentCategories = incidents,
            Gaps = gaps,
            GapThreshold = gapThreshold,
            Batches = manifests.Count,
            SealedBatches = log.Leaves.Count(),
            Checkpoints = log.Checkpoints.Count(c => c is not null),
            LogSize = log.Seals.Count > 0 ? log.Seals[^1].TreeSize : 0,
            LastSealedAt = log.Seals.Count > 0 ? log.Seals[^1].SealedAt : null,
            AbandonedWrites = log.Abandoned.Count(),
            DuplicateDeliveries = tally.DuplicateDeliveries,
            UidConflicts = tally.Conflicts,
        };
    }

    /// <summary>"cloud=aws account=111122223333 region=eu-west-1" from a batch key.</summary>
    private static string PartitionOf(string batchKey)
    {
        var parts = batchKey.Split('/').Where(p => p.StartsWith("cloud=", StringComparison.Ordinal) || p.StartsWith("account=", StringComparison.Ordinal) || p.StartsWith("region=", StringComparison.Ordinal));
        return string.Join(' ', parts);
    }
}
