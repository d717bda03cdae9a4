using System.Diagnostics;
using System.Globalization;
using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Mapping;
using TrailNormalizer.Core.Pipeline;

namespace TrailNormalizer.Benchmarks;

/// <summary>
/// Read + map with no rules, over and over, for a profiler to attach to (<c>perf record</c>, <c>dotnet-counters</c>): the
/// same generated CloudTrail file as <see cref="ParseCost"/>, repeated <c>rounds</c> times, with bytes allocated per record.
/// </summary>
public static class ParseProfile
{
    private const int Records = 20_000;

    public static void Run(int rounds)
    {
        byte[] file = SyntheticCloudTrail.LogFile(Records);
        var limits = InputLimits.Default;
        var router = new RecordRouter(limits, TimeProvider.System);
        var clock = Stopwatch.StartNew();
        long before = GC.GetAllocatedBytesForCurrentThread();
        long output = 0;
        for (int round = 0; round < rounds; round++)
        {
            var sink = new CountingSink();
            NormalizationPipeline.ProcessStream(new MemoryStream(file), "bench.json", false, router, sink, limits);
            output += sink.Bytes;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        long records = (long)Records * rounds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{records:N0} records in {clock.Elapsed.TotalSeconds:N2} s; {(allocated - output) / (double)records:N0} B/record allocated beyond the output ({output / (double)records:N0} B)"));
    }

    private sealed class CountingSink : IRecordSink
    {
        public long Bytes { get; private set; }

        public void Normalized(NormalizedEvent normalizedEvent) => Bytes += normalizedEvent.Json.Length;

        public void Quarantined(QuarantineItem item) => throw new InvalidOperationException(item.Reason);

        public void Control(string kind, string source) => throw new InvalidOperationException(kind);
    }
}
