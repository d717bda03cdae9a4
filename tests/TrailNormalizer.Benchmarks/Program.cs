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
//   dotnet run -c Release --project tests/TrailNormalizer.Benchmarks -- parse-cost SIGMA_FOLDER   read + map and tagging vs a bare walk, bytes allocated per record
//   dotnet run -c Release --project tests/TrailNormalizer.Benchmarks -- rule-index SIGMA_FOLDER [PASSES]  CloudTrail rule index, matches and evaluate-only cost
//   dotnet run -c Release --project tests/TrailNormalizer.Benchmarks -- parse-profile ROUNDS      read + map only, repeated, for perf record
//   dotnet run -c Release --project tests/TrailNormalizer.Benchmarks -- mix FILE MEGABYTES [ACCOUNTS HOURS]  an organization trail's mix (default 200 accounts x 10 regions x 24 hours)
//   dotnet run -c Release --project tests/TrailNormalizer.Benchmarks -- e2e NAME=CLI... -- FILE...   normalize per CLI build vs cat | wc -c
//   dotnet run -c Release --project tests/TrailNormalizer.Benchmarks -- verify-evidence DIR EVENTS   a sealed evidence folder of EVENTS events for verify
//   dotnet run -c Release --project tests/TrailNormalizer.Benchmarks -- verify NAME=CLI... -- DIR    verify per CLI build vs read + SHA-256
//   dotnet run -c Release --project tests/TrailNormalizer.Benchmarks -- verify-breakdown DIR         CPU per verify step, one thread
//   (CLI is a command line, e.g. "dotnet path/trailnorm.dll" or a published trailnorm; tests/TrailNormalizer.Benchmarks/README.md)
if (args is ["generate", string path, string megabytes])
{
    long records = SyntheticCloudTrail.WriteLogFile(path, long.Parse(megabytes, CultureInfo.InvariantCulture) * 1024 * 1024);
    Console.WriteLine($"wrote {records} records, {new FileInfo(path).Length} bytes to {path}");
    return 0;
}

if (args is ["mix", string mixPath, string mixMegabytes, .. var shape] && shape.Length <= 2)
{
    int accounts = shape.Length > 0 ? int.Parse(shape[0], CultureInfo.InvariantCulture) : 200;
    int hours = shape.Length > 1 ? int.Parse(shape[1], CultureInfo.InvariantCulture) : 24;
    var (records, partitions) = OrganizationTrailMix.WriteLogFile(mixPath, long.Parse(mixMegabytes, CultureInfo.InvariantCulture) * 1024 * 1024, accounts, hours);
    Console.WriteLine($"wrote {records} records over {partitions} account/region/hour partitions, {new FileInfo(mixPath).Length} bytes to {mixPath}");
    return 0;
}

if (args.Length > 2 && args[0] is "e2e" or "verify" && Array.IndexOf(args, "--") is > 1 and var split)
{
    var clis = args[1..split].Select(a => a.Split('=', 2)).Select(p => new CliBenchmark.Cli(p[0], p[1].Split(' ', StringSplitOptions.RemoveEmptyEntries))).ToList();
    if (args[0] == "verify")
    {
        CliBenchmark.Verify(clis, args[split + 1]);
        return 0;
    }

    string work = Directory.CreateTempSubdirectory("trailnorm-e2e-").FullName;
    try
    {
        CliBenchmark.Normalize(clis, args[(split + 1)..], work);
    }
    finally
    {
        foreach (var f in Directory.EnumerateFiles(work, "*", SearchOption.AllDirectories))
        {
            File.SetUnixFileMode(f, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        Directory.Delete(work, true);
    }

    return 0;
}

if (args is ["verify-evidence", string evidenceFolder, string evidenceEvents])
{
    VerifyEvidence.Write(evidenceFolder, int.Parse(evidenceEvents, CultureInfo.InvariantCulture));
    return 0;
}

if (args is ["parse-cost", string sigmaFolder])
{
    ParseCost.Run(sigmaFolder);
    return 0;
}

if (args is ["rule-index", string indexSigmaFolder, .. var indexPasses] && indexPasses.Length <= 1)
{
    RuleIndexReport.Run(indexSigmaFolder, indexPasses.Length > 0 ? int.Parse(indexPasses[0], CultureInfo.InvariantCulture) : 20);
    return 0;
}

if (args is ["parse-profile", string profileRounds])
{
    ParseProfile.Run(int.Parse(profileRounds, CultureInfo.InvariantCulture));
    return 0;
}

if (args is ["verify-breakdown", string breakdownFolder])
{
    VerifyBreakdown.Run(breakdownFolder);
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
