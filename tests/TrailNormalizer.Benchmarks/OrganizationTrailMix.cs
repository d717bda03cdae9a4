using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace TrailNormalizer.Benchmarks;

/// <summary>
/// A realistic mix: the generated CloudTrail records, spread over ~200 accounts × 10 regions × 24 hours and interleaved
/// in time order, as an organization trail or an EventBridge bus delivers them. Activity is skewed as in real
/// organizations: a few accounts and regions produce most events, every one produces some.
/// </summary>
public static partial class OrganizationTrailMix
{
    private static readonly string[] Regions =
        ["us-east-1", "eu-west-1", "us-west-2", "eu-central-1", "ap-southeast-2", "us-east-2", "eu-west-2", "ap-northeast-1", "ca-central-1", "sa-east-1"];

    /// <summary>Writes a log file <c>{"Records":[...]}</c> of at least <paramref name="minBytes"/>; returns the record count and the partitions used.</summary>
    public static (long Records, int Partitions) WriteLogFile(string path, long minBytes, int accounts = 200, int hours = 24)
    {
        long estimate = Math.Max(1, minBytes / 1_250);
        var random = new Random(200_10_24);
        var day = new DateTime(2026, 3, 14, 0, 0, 0, DateTimeKind.Utc);
        var partitions = new HashSet<(int, int, int)>();
        using var file = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        file.Write("{\"Records\":[\n");
        long written = 14, count = 0;
        while (written < minBytes)
        {
            int account = (int)(accounts * Math.Pow(random.NextDouble(), 3));
            int region = (int)(Regions.Length * Math.Pow(random.NextDouble(), 2));
            var time = day.AddTicks(TimeSpan.FromHours(hours).Ticks * Math.Min(count, estimate - 1) / estimate);
            partitions.Add((account, region, time.Hour));
            string record = Record((int)(count % int.MaxValue), (210_000_000_000L + account).ToString(CultureInfo.InvariantCulture), Regions[region], time);
            if (count > 0)
            {
                file.Write(",\n");
            }

            file.Write(record);
            written += record.Length + 2;
            count++;
        }

        file.Write("\n]}\n");
        return (count, partitions.Count);
    }

    private static string Record(int i, string account, string region, DateTime time) =>
        EventTime().Replace(
            AwsRegion().Replace(SyntheticCloudTrail.Record(i).Replace("111122223333", account, StringComparison.Ordinal), $"\"awsRegion\":\"{region}\""),
            $"\"eventTime\":\"{time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}\"");

    [GeneratedRegex("\"awsRegion\":\"[^\"]*\"")]
    private static partial Regex AwsRegion();

    [GeneratedRegex("\"eventTime\":\"[^\"]*\"")]
    private static partial Regex EventTime();
}
