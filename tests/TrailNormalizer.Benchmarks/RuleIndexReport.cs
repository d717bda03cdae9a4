using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using TrailNormalizer.Core.Rules;

namespace TrailNormalizer.Benchmarks;

/// <summary>
/// Where the CloudTrail rules of the built-in + SigmaHQ set sit in the rule index (indexed fields, the always-evaluated
/// rules), which rules match the generated records, and the cost of rule evaluation alone on already-parsed records
/// (a loop to profile, e.g. under perf).
/// </summary>
public static class RuleIndexReport
{
    private const int Records = 2_000;

    public static void Run(string sigmaFolder, int passes)
    {
        var rules = SigmaRuleSet.Combine(BuiltInRules.Load(), SigmaRuleLoader.Load([sigmaFolder]));
        var (fields, always) = rules.IndexStats(SourceKind.CloudTrail);
        Console.WriteLine($"{rules.Rules.Count} rules; CloudTrail: {always} always evaluated");
        foreach (var (field, values, count) in fields)
        {
            Console.WriteLine($"  indexed by {field}: {values} values, {count} rules");
        }

        foreach (SigmaRule rule in rules.Rules.Where(r => r.SourceKinds.Contains(SourceKind.CloudTrail) && rules.IsAlwaysEvaluated(SourceKind.CloudTrail, r)))
        {
            Console.WriteLine($"  always: {rule.Title} ({Path.GetFileName(rule.FilePath)})");
        }

        var records = Enumerable.Range(0, Records).Select(i => JsonDocument.Parse(Encoding.UTF8.GetBytes(SyntheticCloudTrail.Record(i))).RootElement).ToArray();
        var matches = new Dictionary<string, int>();
        foreach (JsonElement record in records)
        {
            foreach (SigmaRule rule in rules.Evaluate(SourceKind.CloudTrail, record))
            {
                matches[rule.Title] = matches.GetValueOrDefault(rule.Title) + 1;
            }
        }

        foreach (var (title, count) in matches.OrderByDescending(m => m.Value))
        {
            Console.WriteLine($"  matched {count,5} of {Records}: {title}");
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        long hits = 0;
        for (int pass = 0; pass < passes; pass++)
        {
            foreach (JsonElement record in records)
            {
                hits += rules.Evaluate(SourceKind.CloudTrail, record).Count;
            }
        }

        double perRecord = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds / ((double)passes * Records);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"evaluate only: {perRecord * 1e9:N0} ns CPU/record, {(GC.GetAllocatedBytesForCurrentThread() - before) / ((double)passes * Records):N0} B/record, {hits} matches"));
    }
}
