using System.Text.Json;
using BenchmarkDotNet.Attributes;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Mapping;
using TrailNormalizer.Core.Pipeline;

namespace TrailNormalizer.Benchmarks;

/// <summary>
/// Normalization throughput on one generated CloudTrail log file, against a bare <see cref="Utf8JsonReader"/>
/// token walk over the same bytes as the baseline (the cost of merely reading the JSON).
/// </summary>
[MemoryDiagnoser]
public class NormalizationBenchmarks
{
    public const int Records = 100_000;
    private byte[] _file = [];

    public static long FileBytes { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        _file = SyntheticCloudTrail.LogFile(Records);
        FileBytes = _file.Length;
    }

    [Benchmark(Baseline = true, Description = "bare Utf8JsonReader token walk")]
    public long BareReader()
    {
        var reader = new Utf8JsonReader(_file);
        long tokens = 0;
        while (reader.Read())
        {
            tokens++;
        }

        return tokens;
    }

    [Benchmark(Description = "read + map to OCSF")]
    public long Normalize()
    {
        var sink = new CountingSink();
        Run(sink);
        return sink.Count;
    }

    [Benchmark(Description = "read + map + gzip batches + Merkle")]
    public long NormalizeAndStore()
    {
        using var writer = new EvidenceWriter(new NullStore(), TimeProvider.System);
        Run(writer);
        writer.Flush();
        return writer.NormalizedCount;
    }

    private void Run(IRecordSink sink)
    {
        var limits = InputLimits.Default;
        NormalizationPipeline.ProcessStream(new MemoryStream(_file), "bench.json", false, new RecordRouter(limits, TimeProvider.System), sink, limits);
    }

    private sealed class CountingSink : IRecordSink
    {
        public long Count { get; private set; }

        public void Normalized(NormalizedEvent normalizedEvent) => Count++;

        public void Quarantined(QuarantineItem item) => throw new InvalidOperationException(item.Reason);

        public void Control(string kind, string source) => throw new InvalidOperationException(kind);
    }

    private sealed class NullStore : IEvidenceStore
    {
        public void Put(string key, ReadOnlyMemory<byte> content, DateTimeOffset retainUntil) { }

        public Stream OpenRead(string key) => throw new NotSupportedException();

        public IEnumerable<string> List(string prefix) => [];

        public bool Exists(string key) => false;
    }
}
