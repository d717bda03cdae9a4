using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Mapping;
using TrailNormalizer.Core.Pipeline;
using TrailNormalizer.Core.Rules;
using TrailNormalizer.Core.Rules.Tagging;

namespace TrailNormalizer.Benchmarks;

/// <summary>
/// The per-record cost of read + map and of tagging, in one process: each round times a bare <see cref="Utf8JsonReader"/>
/// walk of a generated CloudTrail file and then read + map with no rules, the built-in rules and the built-in + SigmaHQ
/// rules; it prints the median ratio to the walk over the rounds and the bytes allocated per record beyond the output.
/// Rounds interleave the cases, so a busy machine slows all of them alike (BenchmarkDotNet runs them minutes apart).
/// </summary>
public static class ParseCost
{
    private const int Records = 20_000;
    private const int Rounds = 5;

    public static void Run(string sigmaFolder)
    {
        byte[] file = SyntheticCloudTrail.LogFile(Records);
        var cases = new (string Name, SigmaRuleSet Rules)[]
        {
            ("no rules", SigmaRuleSet.Empty),
            ("built-in", BuiltInRules.Load()),
            ("built-in+SigmaHQ", SigmaRuleSet.Combine(BuiltInRules.Load(), SigmaRuleLoader.Load([sigmaFolder]))),
        };
        foreach (var c in cases)
        {
            Normalize(file, c.Rules); // warm up
        }

        var ratios = cases.ToDictionary(c => c.Name, _ => new List<double>());
        var allocated = new Dictionary<string, (long Bytes, long Output)>();
        for (int round = 0; round < Rounds; round++)
        {
            var clock = Stopwatch.StartNew();
            Walk(file);
            double walk = clock.Elapsed.TotalSeconds;
            foreach (var (name, rules) in cases)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                clock.Restart();
                long output = Normalize(file, rules);
                ratios[name].Add(clock.Elapsed.TotalSeconds / walk);
                allocated[name] = (GC.GetAllocatedBytesForCurrentThread() - before, output);
            }
        }

        double noRules = Median(ratios["no rules"]);
        Console.WriteLine($"{Records:N0} records of {file.Length / Records:N0} bytes, median of {Rounds} interleaved rounds");
        foreach (var (name, _) in cases)
        {
            var (bytes, output) = allocated[name];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-18} x{Median(ratios[name]),6:N2} of the bare walk  x{Median(ratios[name]) / noRules,5:N2} of no rules  {(bytes - output) / (double)Records,7:N0} B/record allocated beyond the output ({output / (double)Records:N0} B)"));
        }
    }

    private static long Walk(byte[] file)
    {
        var reader = new Utf8JsonReader(file);
        long tokens = 0;
        while (reader.Read())
        {
            tokens++;
        }

        return tokens;
    }

    /// <summary>Reads, maps and (with rules) tags the file; returns the bytes of the events written.</summary>
    private static long Normalize(byte[] file, SigmaRuleSet rules)
    {
        var sink = new OutputBytes();
        var limits = InputLimits.Default;
        IRecordSink target = rules.Rules.Count > 0 ? new TaggingSink(new EventTagger(rules), sink) : sink;
        NormalizationPipeline.ProcessStream(new MemoryStream(file), "bench.json", false, new RecordRouter(limits, TimeProvider.System), target, limits);
        return sink.Bytes;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private sealed class OutputBytes : IRecordSink
    {
        public long Bytes { get; private set; }

        public void Normalized(NormalizedEvent normalizedEvent) => Bytes += normalizedEvent.Json.Length;

        public void Quarantined(QuarantineItem item) => throw new InvalidOperationException(item.Reason);

        public void Control(string kind, string source) => throw new InvalidOperationException(kind);
    }
}
