namespace TrailNormalizer.Core.Evidence.Reports;

/// <summary>Buckets event times into a <see cref="Timeline"/> with a bucket size that gives a readable chart for the period.</summary>
internal static class TimelineBuilder
{
    private const long Hour = 3_600_000;
    private const long Day = 24 * Hour;
    private const int MaxBuckets = 120;

    public static Timeline Build(long? fromMs, long? toMs, IReadOnlyDictionary<string, List<long>> series)
    {
        if (fromMs is not { } from || toMs is not { } to || to <= from)
        {
            return new Timeline(0, Day, 0, []);
        }

        long bucket = BucketFor(to - from);
        long start = from - (from % bucket);
        int buckets = (int)Math.Max(1, ((to - 1 - start) / bucket) + 1);
        var lanes = series.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s =>
        {
            var counts = new long[buckets];
            foreach (long t in s.Value.Where(t => t >= start && t < start + (buckets * bucket)))
            {
                counts[(t - start) / bucket]++;
            }

            return new TimelineLane(s.Key, counts);
        }).ToList();
        return new Timeline(start, bucket, buckets, lanes);
    }

    /// <summary>The smallest of hour, 6 hours, day, week that keeps the chart under <see cref="MaxBuckets"/> buckets.</summary>
    private static long BucketFor(long span)
    {
        foreach (long size in (ReadOnlySpan<long>)[Hour, 6 * Hour, Day, 7 * Day])
        {
            if (span / size < MaxBuckets)
            {
                return size;
            }
        }

        return 30 * Day;
    }
}
