using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using TrailNormalizer.Benchmarks;

// Usage:
//   dotnet run -c Release --project tests/TrailNormalizer.Benchmarks -- [BenchmarkDotNet args]   run the benchmarks
//   dotnet run -c Release --project tests/TrailNormalizer.Benchmarks -- generate FILE MEGABYTES  write a big log file
//   dotnet run -c Release --project tests/TrailNormalizer.Benchmarks -- evidence-cost EVENTS     seal/verify/prove cost
//   dotnet run -c Release --project tests/TrailNormalizer.Benchmarks -- rules [BenchmarkDotNet args]  tagging cost: 0 / built-in / +SigmaHQ rules
//   dotnet run -c Release --project tests/TrailNormalizer.Benchmarks -- query-cost EVENTS        trailnorm query vs cat | wc -l
if (args is ["generate", string path, string megabytes])
{
    long records = SyntheticCloudTrail.WriteLogFile(path, long.Parse(megabytes, CultureInfo.InvariantCulture) * 1024 * 1024);
    Console.WriteLine($"wrote {records} records, {new FileInfo(path).Length} bytes to {path}");
    return 0;
}

if (args is ["evidence-cost", string count])
{
    EvidenceCost.Run(int.Parse(count, CultureInfo.InvariantCulture));
    return 0;
}

if (args is ["query-cost", string queryEvents])
{
    QueryCost.Run(int.Parse(queryEvents, CultureInfo.InvariantCulture));
    return 0;
}

if (args.Length > 0 && args[0] == "rules")
{
    var rules = BenchmarkRunner.Run<RuleBenchmarks>(DefaultConfig.Instance, args[1..]);
    double none = rules.Reports.First(r => (string)r.BenchmarkCase.Parameters["Rules"] == "none").ResultStatistics!.Mean / 1e9;
    foreach (var report in rules.Reports.OrderBy(r => r.ResultStatistics?.Mean))
    {
        if (report.ResultStatistics is not { } s)
        {
            continue;
        }

        double seconds = s.Mean / 1e9;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"rules={report.BenchmarkCase.Parameters["Rules"],-18} {RuleBenchmarks.Records / seconds,10:N0} events/s  x{seconds / none:N2} of no-rules time"));
    }

    return 0;
}

var summary = BenchmarkRunner.Run<NormalizationBenchmarks>(DefaultConfig.Instance, args);
long bytes = SyntheticCloudTrail.LogFile(NormalizationBenchmarks.Records).Length;
double? baseline = null;
foreach (var report in summary.Reports.OrderBy(r => r.BenchmarkCase.Descriptor.Baseline ? 0 : 1))
{
    if (report.ResultStatistics is not { } stats)
    {
        continue;
    }

    double seconds = stats.Mean / 1e9;
    baseline ??= seconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo,-40} {NormalizationBenchmarks.Records / seconds,12:N0} events/s {bytes / seconds / 1e6,9:N1} MB/s  x{seconds / baseline.Value,6:N2} of baseline time"));
}

return 0;
