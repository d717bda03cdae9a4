using System.Diagnostics;
using System.Globalization;
using Amazon.S3.Model;
using TrailNormalizer.Aws.Tests.EndToEnd;
using TrailNormalizer.Aws.Tests.Support;
using TrailNormalizer.TestSupport;

// dotnet run -c Release --project tests/TrailNormalizer.Aws.Bench -- [--runs N] [--big-log FILE]
// Needs TRAILNORM_BOOTSTRAP and the radosgw exports (scripts/bench-lambda.sh sets both up).
int runs = 20;
string? bigLog = null;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--runs":
            runs = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--big-log":
            bigLog = args[++i];
            break;
        default:
            Console.Error.WriteLine($"unknown argument {args[i]}");
            return 2;
    }
}

using var world = new LambdaWorld();
Report("bootstrap size", new FileInfo(BootstrapProcess.BinaryPath).Length / 1024.0 / 1024.0, "MB");

Console.WriteLine($"load average: {File.ReadAllText("/proc/loadavg").Trim()}");
var baseline = new List<double>();
var startups = new List<double>();
var lockChecks = new List<double>();
var withoutLockCheck = new List<double>();
for (int i = 0; i < runs; i++)
{
    // Baseline in the same run, interleaved: starting a process that does nothing and waiting for its exit.
    var spawn = Stopwatch.StartNew();
    using (var nothing = ChildProcess.Start("/bin/true", new Dictionary<string, string>()))
    {
        await nothing.WaitForExitAsync(TimeSpan.FromSeconds(60));
    }

    baseline.Add(spawn.Elapsed.TotalMilliseconds);

    using var api = new FakeRuntimeApi();
    var clock = Stopwatch.StartNew();
    using var process = BootstrapProcess.Start(world.Environment("sqs", api));
    await api.FirstNext.WaitAsync(TimeSpan.FromSeconds(60));
    double startup = clock.Elapsed.TotalMilliseconds;
    double lockCheck = await ObjectLockCheckMs(process);
    startups.Add(startup);
    lockChecks.Add(lockCheck);
    withoutLockCheck.Add(startup - lockCheck);
}

double spawnMs = Median(baseline);
Report($"baseline: start /bin/true -> exit (median of {runs})", spawnMs, "ms");
Report($"start -> first GET /next (median of {runs}, includes the Object Lock check) x{Median(startups) / spawnMs:0.0} of baseline", Median(startups), "ms");
Report($"  of which the Object Lock check against radosgw (median, the bootstrap's objectLockCheckMs)", Median(lockChecks), "ms");
Report($"  start -> first GET /next without the Object Lock check (median of each run's difference) x{Median(withoutLockCheck) / spawnMs:0.0} of baseline", Median(withoutLockCheck), "ms");

using (var api = new FakeRuntimeApi())
using (var process = BootstrapProcess.Start(world.Environment("sqs", api)))
{
    await api.FirstNext.WaitAsync(TimeSpan.FromSeconds(60));
    var batches = new List<double>();
    for (int i = -3; i < runs; i++)
    {
        byte[] sqsEvent = SqsEvents.Build(Enumerable.Range(0, 10).Select(m => ($"m-{i}-{m}", AwsBodies.ApiCall($"bench-{i}-{m}"))).ToArray());
        var clock = Stopwatch.StartNew();
        var answer = await api.Invoke($"warm-{i}", sqsEvent).WaitAsync(TimeSpan.FromSeconds(60));
        if (answer.Kind != "response" || SqsEvents.FailedIds(answer.Body).Count > 0)
        {
            throw new InvalidOperationException($"warm batch failed: {answer.Text}\n{process.Output}");
        }

        if (i >= 0)
        {
            batches.Add(clock.Elapsed.TotalMilliseconds);
        }
    }

    Report($"warm SQS batch of 10 CloudTrail events, invoke -> answer (median of {runs})", Median(batches), "ms");
    Report("peak RSS after the warm batches", process.PeakRssBytes() / 1024.0 / 1024.0, "MB");
}

if (bigLog is not null)
{
    const string key = "AWSLogs/111122223333/CloudTrail/eu-west-1/2026/02/14/big.json";
    await world.S3.PutObjectAsync(new PutObjectRequest { BucketName = world.SourceBucket, Key = key, FilePath = bigLog, UseChunkEncoding = false });
    using var api = new FakeRuntimeApi();
    using var process = BootstrapProcess.Start(world.Environment("sqs", api));
    await api.FirstNext.WaitAsync(TimeSpan.FromSeconds(60));
    long before = process.PeakRssBytes();
    var clock = Stopwatch.StartNew();
    var answer = await api.Invoke("big", SqsEvents.Build(("m-big", AwsBodies.S3ObjectCreated(world.SourceBucket, key))), TimeSpan.FromMinutes(15))
        .WaitAsync(TimeSpan.FromMinutes(15));
    if (answer.Kind != "response" || SqsEvents.FailedIds(answer.Body).Count > 0)
    {
        throw new InvalidOperationException($"big object failed: {answer.Text}\n{process.Output}");
    }

    Report($"streaming a {new FileInfo(bigLog).Length / 1024 / 1024} MB CloudTrail object from S3 into evidence", clock.Elapsed.TotalSeconds, "s");
    Report("peak RSS before the big object (idle after start-up)", before / 1024.0 / 1024.0, "MB");
    Report("peak RSS (VmHWM) while streaming it", process.PeakRssBytes() / 1024.0 / 1024.0, "MB");
    Console.WriteLine(process.Output.Split('\n').LastOrDefault(l => l.Contains("invocation done", StringComparison.Ordinal)));
}

return 0;

// The bootstrap logs how long its Object Lock check took in its "init done" line, written just before the first /next.
static async Task<double> ObjectLockCheckMs(ChildProcess process)
{
    for (int wait = 0; wait < 200; wait++)
    {
        var match = System.Text.RegularExpressions.Regex.Match(process.Output, "\"objectLockCheckMs\":([0-9.eE+-]+)");
        if (match.Success)
        {
            return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        await Task.Delay(10);
    }

    throw new InvalidOperationException($"no objectLockCheckMs in the bootstrap's log:\n{process.Output}");
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

static void Report(string what, double value, string unit) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what}: {value:0.0} {unit}"));
