using System.Diagnostics;
using System.Globalization;
using TrailNormalizer.Cli.Query;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Pipeline;
using TrailNormalizer.Core.Rules;

namespace TrailNormalizer.Benchmarks;

/// <summary>
/// The cost of <c>trailnorm query</c> at scale: normalize N generated events (tagged by the built-in rules)
/// into a temporary evidence folder, then time SQL queries over it against a baseline in the same run:
/// <c>trailnorm cat | wc -l</c>, i.e. decompressing every batch and counting its lines. Wall and CPU time
/// (all threads) are both given: on a shared machine the CPU time is the steadier figure.
/// </summary>
public static class QueryCost
{
    public static void Run(int events)
    {
        string root = Directory.CreateTempSubdirectory("trailnorm-query-").FullName;
        try
        {
            Measure(root, events);
        }
        finally
        {
            foreach (var f in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            {
                File.SetUnixFileMode(f, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            Directory.Delete(root, true);
        }
    }

    private static void Measure(string root, int events)
    {
        var clock = Stopwatch.StartNew();
        string inputs = Directory.CreateDirectory(Path.Combine(root, "in")).FullName;
        const int chunk = 50_000;
        for (int done = 0; done < events; done += chunk)
        {
            File.WriteAllBytes(Path.Combine(inputs, $"gen-{done:D9}.json"), SyntheticCloudTrail.LogFile(Math.Min(chunk, events - done), done));
        }

        var store = new LocalEvidenceStore(Path.Combine(root, "ev"));
        var summary = new NormalizationPipeline(store, TimeProvider.System, rules: BuiltInRules.Load())
            .Run(Directory.GetFiles(inputs).Order(StringComparer.Ordinal).ToList());
        Directory.Delete(inputs, true);
        double normalizeSeconds = clock.Elapsed.TotalSeconds;

        using (var warmUp = EvidenceDatabase.Open(store.Root))
        {
            warmUp.Execute("SELECT 1"); // loads the native library outside the timings
        }

        var cpu = Process.GetCurrentProcess();
        cpu.Refresh();
        var cpuStart = cpu.TotalProcessorTime;
        clock.Restart();
        var lines = new LineCounter();
        EvidenceReader.CopyLines(store, EvidenceKeys.EventsPrefix, lines);
        double baseline = clock.Elapsed.TotalSeconds;
        cpu.Refresh();
        double baselineCpu = (cpu.TotalProcessorTime - cpuStart).TotalSeconds;

        var results = new List<(string Name, double Seconds, double Cpu, string Answer)>();
        var tamper = SavedQueryCatalog.Find("control-evidence")!;
        var period = tamper.Bind(["control=soc2:CC7.2", "from=2026-03-14T00:00:00Z", "to=2026-03-14T12:00:00Z"]);
        foreach (var (name, sql, parameters) in new (string, string, IReadOnlyDictionary<string, object?>)[]
        {
            ("select count(*) from events", "SELECT count(*) FROM events", new Dictionary<string, object?>()),
            ("count by incident category", "SELECT incident, count(*) FROM (SELECT unnest(incidents) AS incident FROM events) GROUP BY 1", new Dictionary<string, object?>()),
            ("saved control-evidence soc2:CC7.2, 12 h", tamper.Sql, period),
        })
        {
            cpu.Refresh();
            cpuStart = cpu.TotalProcessorTime;
            clock.Restart();
            using var database = EvidenceDatabase.Open(store.Root);
            using var command = database.Command(sql, parameters);
            using var reader = command.ExecuteReader();
            long rows = 0;
            string first = "";
            while (reader.Read())
            {
                first = rows++ == 0 && reader.FieldCount == 1 ? $", {reader.GetValue(0)}" : first;
            }

            double seconds = clock.Elapsed.TotalSeconds;
            cpu.Refresh();
            results.Add((name, seconds, (cpu.TotalProcessorTime - cpuStart).TotalSeconds, $"{rows} rows{first}"));
        }

        long bytes = store.List(EvidenceKeys.EventsPrefix).Where(k => k.EndsWith(EvidenceKeys.BatchSuffix, StringComparison.Ordinal))
            .Sum(k => new FileInfo(Path.Combine(store.Root, k)).Length);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"events {summary.Normalized:N0} ({bytes / 1e6:N1} MB gzip; normalize took {normalizeSeconds:N1} s)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"baseline: cat | wc -l (" + lines.Lines.ToString("N0", CultureInfo.InvariantCulture) + " lines)",-47} {baseline,8:N2} s wall x1.00  {baselineCpu,8:N2} s CPU x1.00"));
        foreach (var (name, seconds, cpuSeconds, answer) in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"query: {name,-40} {seconds,8:N2} s wall x{seconds / baseline:N2}  {cpuSeconds,8:N2} s CPU x{cpuSeconds / baselineCpu:N2}  ({answer})"));
        }
    }

    /// <summary>A write-only stream that counts newlines, as <c>wc -l</c> does.</summary>
    private sealed class LineCounter : Stream
    {
        public long Lines { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer) => Lines += buffer.Count((byte)'\n');

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
