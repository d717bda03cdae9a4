using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace TrailNormalizer.Benchmarks;

/// <summary>
/// End to end, as a user runs it: <c>trailnorm normalize</c> of each input file and <c>trailnorm verify</c> of the
/// evidence, for one or more builds of the CLI (e.g. main and a branch, JIT and AOT), each timed by <c>/usr/bin/time</c>
/// (wall, CPU user + system, peak RSS) against a baseline in the same run: <c>cat FILE | wc -c</c> for normalize, reading
/// and SHA-256-hashing every batch object for verify. The machine's load average is printed before and after.
/// </summary>
public static class CliBenchmark
{
    public sealed record Cli(string Name, string[] Command);

    private sealed record Timing(double Wall, double Cpu, long PeakRssKb, string Output);

    public static void Normalize(IReadOnlyList<Cli> clis, IReadOnlyList<string> files, string work)
    {
        Console.WriteLine($"load average before: {LoadAverage()}");
        foreach (string file in files)
        {
            long bytes = new FileInfo(file).Length;
            var cat = Time(["sh", "-c", "cat \"$1\" | wc -c", "sh", file]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Path.GetFileName(file)}: {bytes / 1e6:N1} MB; cat | wc -c {cat.Wall:N2} s ({bytes / 1e6 / cat.Wall:N0} MB/s)"));
            foreach (var cli in clis)
            {
                string output = Path.Combine(work, $"{cli.Name}-{Path.GetFileNameWithoutExtension(file)}");
                string summaryPath = output + ".summary.json";
                var run = Time([.. cli.Command, "normalize", "--out", output, "--summary-json", summaryPath, file]);
                using var summary = JsonDocument.Parse(File.ReadAllBytes(summaryPath));
                long records = summary.RootElement.GetProperty("records").GetInt64();
                int batches = summary.RootElement.GetProperty("batches").GetInt32();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {cli.Name,-10} normalize {run.Wall,7:N2} s {bytes / 1e6 / run.Wall,7:N1} MB/s {records / run.Wall,9:N0} events/s  CPU {run.Cpu,6:N2} s  CPU/wall {run.Cpu / run.Wall:N2}  peak RSS {run.PeakRssKb / 1024,5:N0} MB  x{run.Wall / cat.Wall,6:N1} of cat  {batches:N0} batches for {records:N0} records"));
            }
        }

        Console.WriteLine($"load average after: {LoadAverage()}");
    }

    public static void Verify(IReadOnlyList<Cli> clis, string evidence)
    {
        Console.WriteLine($"load average before: {LoadAverage()}");
        var batches = Directory.EnumerateFiles(Path.Combine(evidence, "events"), "*.ndjson.gz", SearchOption.AllDirectories).ToList();
        long bytes = batches.Sum(f => new FileInfo(f).Length);
        var clock = Stopwatch.StartNew();
        foreach (string batch in batches)
        {
            using var stream = new FileStream(batch, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            SHA256.HashData(stream);
        }

        double baseline = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{evidence}: {batches.Count:N0} batches, {bytes / 1e6:N1} MB gzip; read + SHA-256 of every batch {baseline:N2} s ({bytes / 1e6 / baseline:N0} MB/s)"));
        string? first = null;
        foreach (var cli in clis)
        {
            var run = Time([.. cli.Command, "verify", evidence]);
            first ??= run.Output;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {cli.Name,-10} verify {run.Wall,7:N2} s {bytes / 1e6 / run.Wall,7:N1} MB/s  CPU {run.Cpu,6:N2} s  CPU/wall {run.Cpu / run.Wall:N2}  peak RSS {run.PeakRssKb / 1024,5:N0} MB  x{run.Wall / baseline,6:N1} of read + SHA-256  output {(run.Output == first ? "same as the first" : "DIFFERS from the first")}"));
        }

        Console.WriteLine($"load average after: {LoadAverage()}");
    }

    private static Timing Time(IEnumerable<string> command)
    {
        string timeFile = Path.GetTempFileName();
        var start = new ProcessStartInfo("/usr/bin/time") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { "-f", "%e %U %S %M", "-o", timeFile }.Concat(command))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        string[] fields = File.ReadAllLines(timeFile)[^1].Split(' ');
        File.Delete(timeFile);
        if (process.ExitCode != 0 && !output.Contains("intact", StringComparison.Ordinal))
        {
            Console.Error.WriteLine($"exit {process.ExitCode}: {string.Join(' ', command)}\n{error.Result}");
        }

        double Parse(int i) => double.Parse(fields[i], CultureInfo.InvariantCulture);
        return new Timing(Parse(0), Parse(1) + Parse(2), long.Parse(fields[3], CultureInfo.InvariantCulture), output);
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
}
