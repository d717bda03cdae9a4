using BenchmarkDotNet.Attributes;
using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Mapping;
using TrailNormalizer.Core.Pipeline;
using TrailNormalizer.Core.Rules;
using TrailNormalizer.Core.Rules.Tagging;

namespace TrailNormalizer.Benchmarks;

/// <summary>
/// Normalization with tagging, 20k generated CloudTrail records: no rules (the baseline), the built-in rules, and
/// the built-in rules plus every SigmaHQ cloud rule in ../shared/sigma (when that folder is beside the checkout).
/// </summary>
[MemoryDiagnoser]
public class RuleBenchmarks
{
    public const int Records = 20_000;
    private byte[] _file = [];
    private SigmaRuleSet _set = SigmaRuleSet.Empty;

    [Params("none", "built-in", "built-in+SigmaHQ")]
    public string Rules { get; set; } = "none";

    [GlobalSetup]
    public void Setup()
    {
        _file = SyntheticCloudTrail.LogFile(Records);
        string sigma = Path.GetFullPath(Path.Combine(FindRepoRoot(), "..", "shared", "sigma"));
        _set = Rules switch
        {
            "built-in" => BuiltInRules.Load(),
            "built-in+SigmaHQ" when Directory.Exists(sigma) => SigmaRuleSet.Combine(BuiltInRules.Load(), SigmaRuleLoader.Load([sigma])),
            "built-in+SigmaHQ" => throw new InvalidOperationException($"SigmaHQ rules not found at {sigma}"),
            _ => SigmaRuleSet.Empty,
        };
    }

    [Benchmark(Description = "normalize + tag")]
    public long NormalizeAndTag()
    {
        var sink = new CountingSink();
        var limits = InputLimits.Default;
        IRecordSink target = _set.Rules.Count > 0 ? new TaggingSink(new EventTagger(_set), sink) : sink;
        NormalizationPipeline.ProcessStream(new MemoryStream(_file), "bench.json", false, new RecordRouter(limits, TimeProvider.System), target, limits);
        return sink.Count;
    }

    private static string FindRepoRoot()
    {
        for (var d = new DirectoryInfo(Environment.CurrentDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "TrailNormalizer.sln")))
            {
                return d.FullName;
            }
        }

        return Environment.CurrentDirectory;
    }

    private sealed class CountingSink : IRecordSink
    {
        public long Count { get; private set; }

        public void Normalized(NormalizedEvent normalizedEvent) => Count++;

        public void Quarantined(QuarantineItem item) => throw new InvalidOperationException(item.Reason);

        public void Control(string kind, string source) => throw new InvalidOperationException(kind);
    }
}
