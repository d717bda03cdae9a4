using System.Globalization;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace TrailNormalizer.Azure.Storage;

/// <summary>
/// Finds the recently modified blobs of a diagnostic-log container without listing its whole history: Azure Monitor
/// names blobs <c>resourceId=/SUBSCRIPTIONS/…/y=2026/m=11/d=24/h=10/m=00/PT1H.json</c>, so the folders are walked
/// one level at a time and a <c>y=</c>, <c>m=</c>, <c>d=</c> or <c>h=</c> folder outside the window is skipped.
/// Folders that are not dates are always walked; blobs are kept by their Last-Modified time.
/// </summary>
internal static class RecentLogBlobs
{
    private static readonly string[] DateParts = ["y", "m", "d", "h"];

    /// <summary>A blob of hour H is appended to until a little after H+1: date folders this much older than the window still count.</summary>
    private static readonly TimeSpan LateAppends = TimeSpan.FromHours(2);

    public static IEnumerable<BlobItem> In(BlobContainerClient container, DateTimeOffset since, DateTimeOffset now)
    {
        var hours = WindowHours(since - LateAppends, now);
        var folders = new Stack<(string Prefix, string DatePath)>();
        folders.Push(("", ""));
        while (folders.Count > 0)
        {
            var (prefix, datePath) = folders.Pop();
            foreach (var item in container.GetBlobsByHierarchy(BlobTraits.None, BlobStates.None, "/", prefix))
            {
                if (item.IsBlob)
                {
                    if (item.Blob.Properties.LastModified >= since)
                    {
                        yield return item.Blob;
                    }

                    continue;
                }

                string? dated = WithDatePart(datePath, item.Prefix[prefix.Length..].TrimEnd('/'));
                if (dated is null || hours.Any(hour => hour.StartsWith(dated, StringComparison.Ordinal)))
                {
                    folders.Push((item.Prefix, dated ?? datePath));
                }
            }
        }
    }

    /// <summary>Every hour from <paramref name="from"/> to <paramref name="to"/> as <c>y=YYYY/m=MM/d=DD/h=HH</c>.</summary>
    private static List<string> WindowHours(DateTimeOffset from, DateTimeOffset to)
    {
        var hours = new List<string>();
        var hour = new DateTimeOffset(from.UtcDateTime.Year, from.UtcDateTime.Month, from.UtcDateTime.Day, from.UtcDateTime.Hour, 0, 0, TimeSpan.Zero);
        for (; hour <= to; hour = hour.AddHours(1))
        {
            hours.Add(string.Create(CultureInfo.InvariantCulture, $"y={hour.Year:D4}/m={hour.Month:D2}/d={hour.Day:D2}/h={hour.Hour:D2}"));
        }

        return hours;
    }

    /// <summary>
    /// <paramref name="datePath"/> extended by <paramref name="segment"/> when the segment is the next date part
    /// (<c>y=</c>, then <c>m=</c>, <c>d=</c>, <c>h=</c>), normalized to fixed width; null when it is not.
    /// </summary>
    private static string? WithDatePart(string datePath, string segment)
    {
        int depth = datePath.Length == 0 ? 0 : datePath.Count(c => c == '/') + 1;
        if (depth >= DateParts.Length || !segment.StartsWith(DateParts[depth] + "=", StringComparison.Ordinal)
            || !int.TryParse(segment.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value > 9999)
        {
            return null;
        }

        return depth == 0
            ? string.Create(CultureInfo.InvariantCulture, $"y={value:D4}")
            : string.Create(CultureInfo.InvariantCulture, $"{datePath}/{DateParts[depth]}={value:D2}");
    }
}
