using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace TrailNormalizer.Core.Tests.Pipeline;

/// <summary>
/// Input files for comparing the parallel path with the sequential one, generated into a temporary folder: an organization
/// trail's log file (gzip) with records of many accounts, regions and hours interleaved (some matching high-level rules), a plain
/// log file, NDJSON (few partitions) with malformed lines, non-records and an oversized record, an EventBridge array, a file holding no records,
/// an empty file and a path that does not exist.
/// </summary>
internal sealed class ParallelInputs : IDisposable
{
    /// <summary>Records above this are quarantined (the limit the runs use).</summary>
    public const int MaxRecordBytes = 4096;

    private static readonly string[] Regions = ["eu-west-1", "us-east-1", "ap-southeast-2", "sa-east-1"];

    private static readonly (string Source, string Name)[] Calls =
    [
        ("ec2.amazonaws.com", "DescribeInstances"),
        ("s3.amazonaws.com", "GetObject"),
        ("iam.amazonaws.com", "ListUsers"),
        ("kms.amazonaws.com", "DisableKey"),           // a high-level built-in rule: escalated to a finding
        ("iam.amazonaws.com", "DeactivateMFADevice"),   // likewise
        ("sts.amazonaws.com", "AssumeRole"),
    ];

    private readonly string _folder = Directory.CreateTempSubdirectory("trailnorm-parallel-").FullName;

    public ParallelInputs()
    {
        Files =
        [
            Write("org-trail.json.gz", Gzip(LogFile(2_000, seed: 7))),
            Write("plain.json", Encoding.UTF8.GetBytes(LogFile(300, seed: 11))),
            Write("lines.ndjson", Encoding.UTF8.GetBytes(Ndjson())),
            Write("eventbridge.json", Encoding.UTF8.GetBytes(EventBridgeArray(40))),
            Write("no-records.json", "{\"Records\": []}\n"u8.ToArray()),
            Write("empty.json", []),
            Path.Combine(_folder, "missing.json"),
        ];
    }

    /// <summary>The inputs, in the order a run reads them.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>The inputs whose records fall in few partitions (few batches), and those that hold none.</summary>
    public IReadOnlyList<string> FewPartitions => [Files[2], Files[3], Files[4], Files[5], Files[6]];

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>One CloudTrail record of account <paramref name="account"/>, a region and an hour chosen by <paramref name="i"/>.</summary>
    public static string Record(int i, int account, int region, int hour, int call, int padding = 0)
    {
        var (source, name) = Calls[call % Calls.Length];
        string id = (100_000_000_000 + account).ToString(CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $$"""
            {"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDA{{i}}","arn":"arn:aws:iam::{{id}}:user/u{{i % 17}}","accountId":"{{id}}","userName":"u{{i % 17}}"},"eventTime":"2026-03-14T{{hour:00}}:{{i / 60 % 60:00}}:{{i % 60:00}}Z","eventSource":"{{source}}","eventName":"{{name}}","awsRegion":"{{Regions[region % Regions.Length]}}","sourceIPAddress":"198.51.100.{{i % 250}}","userAgent":"aws-cli/2.15.0","requestParameters":{"note":"{{new string('x', padding)}}"},"responseElements":null,"requestID":"req-{{i}}","eventID":"evt-{{i:D8}}","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"{{id}}","eventCategory":"Management"}
            """);
    }

    /// <summary>A log file whose records fall in many account / region / hour partitions, interleaved as an organization trail delivers them.</summary>
    private static string LogFile(int count, int seed)
    {
        var random = new Random(seed);
        var sb = new StringBuilder("{\"Records\":[");
        for (int i = 0; i < count; i++)
        {
            sb.Append(i > 0 ? "," : "").Append(Record(i, random.Next(30), random.Next(4), random.Next(6), random.Next(12)));
        }

        return sb.Append("]}").ToString();
    }

    private static string Ndjson()
    {
        var random = new Random(3);
        var sb = new StringBuilder();
        for (int i = 0; i < 400; i++)
        {
            string line = (i % 37) switch
            {
                5 => "{\"eventVersion\": \"1.09\", \"eventName\": ",                      // malformed: cut short
                9 => Record(i, 1, 2, 3, 0, padding: MaxRecordBytes * 2),                  // oversized
                13 => "42",                                                               // not a record
                17 => "{\"color\":\"blue\",\"size\":3}",                                 // an unknown shape
                21 => "[]",                                                               // nothing to route
                _ => Record(i, random.Next(3), random.Next(2), random.Next(2), random.Next(12)),
            };
            sb.Append(line).Append('\n');
        }

        return sb.ToString();
    }

    private static string EventBridgeArray(int count)
    {
        var sb = new StringBuilder("[");
        for (int i = 0; i < count; i++)
        {
            string record = Record(10_000 + i, i % 5, i % 3, 4, i);
            string account = (100_000_000_000 + (i % 5)).ToString(CultureInfo.InvariantCulture);
            sb.Append(i > 0 ? "," : "").Append(string.Create(CultureInfo.InvariantCulture,
                $$"""{"version":"0","id":"6a7e8feb-b491-4cf7-a9f1-bf3703467{{i:000}}","detail-type":"AWS API Call via CloudTrail","source":"aws.ec2","account":"{{account}}","time":"2026-03-14T04:00:{{i % 60:00}}Z","region":"{{Regions[i % 3]}}","resources":[],"detail":{{record}}}"""));
        }

        return sb.Append(']').ToString();
    }

    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }

    private string Write(string name, byte[] content)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }
}
