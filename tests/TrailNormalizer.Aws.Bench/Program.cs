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
var firstNexts = new List<double>();
var firstAnswers = new List<double>();
var lockChecks = new List<double>();
var rules = new List<double>();
var firstCalls = new List<double>();
var secondCalls = new List<double>();
for (int i = 0; i < runs; i++)
{
    // Baseline in the same run, interleaved: starting a process that does nothing and waiting for its exit.
    var spawn = Stopwatch.StartNew();
    using (var nothing = ChildProcess.Start("/bin/true", new Dictionary<string, string>()))
    {
        await nothing.WaitForExitAsync(TimeSpan.FromSeconds(60));
    }

    baseline.Add(spawn.Elapsed.TotalMilliseconds);

    // A cold start as Lambda sees it: the process starts, asks for its first event, and the event (one SQS message)
    // is answered once the start-up work it needs (Object Lock check, rules) is done.
    using var api = new FakeRuntimeApi();
    var clock = Stopwatch.StartNew();
    using var process = BootstrapProcess.Start(world.Environment("sqs", api));
    await api.FirstNext.WaitAsync(TimeSpan.FromSeconds(60));
    firstNexts.Add(clock.Elapsed.TotalMilliseconds);
    var answer = await api.Invoke($"cold-{i}", SqsEvents.Build(($"m-cold-{i}", AwsBodies.ApiCall($"cold-{i}")))).WaitAsync(TimeSpan.FromSeconds(60));
    firstAnswers.Add(clock.Elapsed.TotalMilliseconds);
    if (answer.Kind != "response" || SqsEvents.FailedIds(answer.Body).Count > 0)
    {
        throw new InvalidOperationException($"cold event failed: {answer.Text}\n{process.Output}");
    }

    lockChecks.Add(await LoggedMs(process, "objectLockCheckMs"));
    if (LoggedMsIfAny(process, "rulesMs") is { } rulesMs)
    {
        rules.Add(rulesMs);
        firstCalls.Add(await LoggedMs(process, "lockConfigurationCallMs"));
        secondCalls.Add(await LoggedMs(process, "versioningCallMs"));
    }
}

double spawnMs = Median(baseline);
Report($"baseline: start /bin/true -> exit (median of {runs})", spawnMs, "ms");
Report($"start -> first GET /next (median of {runs}) x{Median(firstNexts) / spawnMs:0.0} of baseline", Median(firstNexts), "ms");
Report($"start -> first event answered (cold start, one SQS message; median of {runs}) x{Median(firstAnswers) / spawnMs:0.0} of baseline", Median(firstAnswers), "ms");
Report($"  the Object Lock check against radosgw (median of the bootstrap's objectLockCheckMs)", Median(lockChecks), "ms");
if (rules.Count > 0)
{
    Report($"    its first S3 call, GetObjectLockConfiguration, with the S3 client's first-request set-up (lockConfigurationCallMs)", Median(firstCalls), "ms");
    Report($"    its second S3 call, GetBucketVersioning, on the warmed-up client (versioningCallMs)", Median(secondCalls), "ms");
    Report($"  the built-in rules' load (median of the bootstrap's rulesMs; runs alongside the check)", Median(rules), "ms");
}

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

// A duration the bootstrap logs (objectLockCheckMs, rulesMs in its "ready" line); waits up to 2 s for the line.
static async Task<double> LoggedMs(ChildProcess process, string field)
{
    for (int wait = 0; wait < 200; wait++)
    {
        if (LoggedMsIfAny(process, field) is { } ms)
        {
            return ms;
        }

        await Task.Delay(10);
    }

    throw new InvalidOperationException($"no {field} in the bootstrap's log:\n{process.Output}");
}

static double? LoggedMsIfAny(ChildProcess process, string field)
{
    var match = System.Text.RegularExpressions.Regex.Match(process.Output, $"\"{field}\":([0-9.eE+-]+)");
    return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

static void Report(string what, double value, string unit) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what}: {value:0.0} {unit}"));
