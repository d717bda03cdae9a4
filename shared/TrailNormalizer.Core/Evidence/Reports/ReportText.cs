using System.Globalization;

namespace TrailNormalizer.Core.Evidence.Reports;

/// <summary>How reports spell times, counts and partitions.</summary>
internal static class ReportText
{
    public static string Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    public static string Hours(long fromMs, long toMs) => ((toMs - fromMs) / 3_600_000.0).ToString("N1", CultureInfo.InvariantCulture);

    /// <summary>"cloud=aws account=1111 region=eu-west-1" → ("aws 1111", "region eu-west-1").</summary>
    public static (string Account, string? Region) Partition(string partition)
    {
        var parts = partition.Split(' ').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        string account = $"{parts.GetValueOrDefault("cloud", "?")} {parts.GetValueOrDefault("account", "?")}";
        return (account, parts.TryGetValue("region", out string? region) ? $"region {region}" : null);
    }

    /// <summary>Seconds-free, for dense tables.</summary>
    public static string Day(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);

    /// <summary>Cuts a label to <paramref name="max"/> characters; <paramref name="keepEnd"/> keeps its end too (ids differ there): "azure 00000000-00…0001".</summary>
    public static string Fit(string text, int max, bool keepEnd = false)
    {
        if (text.Length <= max)
        {
            return text;
        }

        int tail = keepEnd ? Math.Min(12, max / 3) : 0;
        return text[..(max - tail - 1)].TrimEnd() + "\u2026" + text[(text.Length - tail)..];
    }
}
