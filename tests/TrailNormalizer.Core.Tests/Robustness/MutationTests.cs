using System.Diagnostics;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Mapping;
using TrailNormalizer.Core.Pipeline;
using TrailNormalizer.Core.Rules;
using TrailNormalizer.Core.Rules.Tagging;
using TrailNormalizer.Core.Tests.Mapping;
using TrailNormalizer.Core.Tests.Support;
using TrailNormalizer.TestSupport;
using Xunit.Abstractions;

namespace TrailNormalizer.Core.Tests.Robustness;

/// <summary>
/// A deterministic mutation run over every fixture of every source (<see cref="Mutator"/>): no exception escapes,
/// every mutated input ends as something (events, quarantine items or control messages), every event is valid
/// OCSF with a reproducible raw_data_hash, every quarantine line keeps its bytes exactly, and the evidence verifies.
/// </summary>
public sealed class MutationTests(ITestOutputHelper output)
{
    private const int Seed = 19;
    private const int Mutations = 20_160;
    private const int MutationsPerStore = 1_000;

    /// <summary>Small limits, so huge strings and oversized values are cheap to make and to step over.</summary>
    private static readonly InputLimits Limits = new() { MaxUnitBytes = 64 * 1024, MaxQuarantineRawBytes = 4096 };

    [Fact]
    public void Mutated_inputs_never_escape_and_everything_stored_is_sound()
    {
        var seeds = Seeds();
        var tagger = new EventTagger(BuiltInRules.Load());
        var routers = new Dictionary<string, RecordRouter>(StringComparer.Ordinal);
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();
        long events = 0, quarantined = 0;
        var checking = TimeSpan.Zero;
        var perKind = new Dictionary<string, double>();

        for (int first = 0; first < Mutations; first += MutationsPerStore)
        {
            var store = new MemoryEvidenceStore();
            var writer = new EvidenceWriter(store, FixedTime.Default);
            var sink = new CountingSink(new TaggingSink(tagger, writer));
            for (int i = first; i < Math.Min(Mutations, first + MutationsPerStore); i++)
            {
                string kind = Mutator.Kinds[i % Mutator.Kinds.Length];
                var seed = seeds[(i / Mutator.Kinds.Length) % seeds.Count];
                byte[] input = Mutator.Apply(kind, seed.Bytes, new Random((Seed * 1_000_003) + i));
                string name = kind == "gzip-damage" ? seed.Name + ".gz" : seed.Name;
                var router = routers.TryGetValue(seed.Folder, out var known) ? known : routers[seed.Folder] = Router(seed.Folder);
                long before = sink.Total;
                var kindClock = Stopwatch.StartNew();
                try
                {
                    using var stream = InputFiles.MaybeDecompress(new MemoryStream(input));
                    NormalizationPipeline.ProcessFileStream(stream, name, router, sink, Limits);
                }
                catch (Exception ex)
                {
                    failures.Add($"#{i} {kind} of {seed.Name}: {ex.GetType().Name}: {ex.Message}");
                }

                perKind[kind] = perKind.GetValueOrDefault(kind) + kindClock.Elapsed.TotalMilliseconds;
                if (sink.Total == before)
                {
                    failures.Add($"#{i} {kind} of {seed.Name}: {input.Length} bytes ended as nothing");
                }
            }

            writer.Flush();
            var checkClock = Stopwatch.StartNew();
            failures.AddRange(CheckStored(store, sink).Select(f => $"mutations {first}-{first + MutationsPerStore - 1}: {f}"));
            checking += checkClock.Elapsed;
            events += sink.Events;
            quarantined += sink.Items;
        }

        output.WriteLine($"{Mutations} mutations of {seeds.Count} fixtures ({Mutator.Kinds.Length} kinds): {events} events, {quarantined} quarantined, {clock.Elapsed.TotalSeconds:F1} s (checking {checking.TotalSeconds:F1} s)");
        output.WriteLine(string.Join(", ", perKind.Select(k => $"{k.Key} {k.Value:F0}ms")));
        failures.Should().BeEmpty();
        events.Should().BeGreaterThan(Mutations / 4, "most mutations leave some records intact");
        quarantined.Should().BeGreaterThan(Mutations / 4);
    }

    private static IEnumerable<string> CheckStored(MemoryEvidenceStore store, CountingSink sink)
    {
        var report = EvidenceVerifier.Verify(store);
        if (!report.Intact)
        {
            yield return "verify: " + string.Join("; ", report.Findings.Take(3));
        }

        if (report.Events != sink.Events || report.QuarantineItems != sink.Items)
        {
            yield return $"stored {report.Events} events and {report.QuarantineItems} quarantine items, routed {sink.Events} and {sink.Items}";
        }

        foreach (byte[] line in Lines(store, EvidenceKeys.EventsPrefix))
        {
            if (RobustRun.RawHashProblem(line) is { } hash)
            {
                yield return hash;
            }

            foreach (string problem in RobustRun.SchemaProblems(line).Take(1))
            {
                yield return $"invalid event: {problem}: {System.Text.Encoding.UTF8.GetString(line)[..Math.Min(300, line.Length)]}";
            }
        }

        foreach (byte[] line in Lines(store, EvidenceKeys.QuarantinePrefix))
        {
            using var item = System.Text.Json.JsonDocument.Parse(line);
            if (!RobustRun.QuarantineRawIsExact(item.RootElement) || item.RootElement.GetProperty("reason").GetString() is not { Length: > 0 })
            {
                yield return $"quarantine line without exact raw bytes or reason: {System.Text.Encoding.UTF8.GetString(line)[..Math.Min(300, line.Length)]}";
            }
        }
    }

    private static RecordRouter Router(string folder) =>
        new(Limits, FixedTime.Default, RecordHandlers.Default(GoldenOptions.For(Path.Combine(RepoPaths.Fixtures, folder))));

    /// <summary>Every fixture file, containers cut to their first few records so each mutation stays cheap.</summary>
    private static List<(string Folder, string Name, byte[] Bytes)> Seeds()
    {
        var seeds = GoldenFiles.AllCases().Select(c => (c.Source, c.File, Shorten(c.File, File.ReadAllBytes(GoldenFiles.InputPath(c.Source, c.File))))).ToList();
        seeds.AddRange(Directory.EnumerateFiles(Path.Combine(RepoPaths.Fixtures, "bad-input"))
            .Where(InputFiles.IsInputFile)
            .Order(StringComparer.Ordinal)
            .Select(f => ("bad-input", Path.GetFileName(f), File.ReadAllBytes(f))));
        return seeds;
    }

    private static byte[] Shorten(string name, byte[] bytes)
    {
        const int Keep = 3;
        if (InputFiles.IsLineDelimited(name))
        {
            var lines = System.Text.Encoding.UTF8.GetString(bytes).Split('\n').Take(Keep);
            return System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");
        }

        var node = System.Text.Json.Nodes.JsonNode.Parse(bytes);
        var records = node as System.Text.Json.Nodes.JsonArray ?? (node?["Records"] ?? node?["records"]) as System.Text.Json.Nodes.JsonArray;
        if (records is null || records.Count <= Keep)
        {
            return bytes;
        }

        while (records.Count > Keep)
        {
            records.RemoveAt(records.Count - 1);
        }

        return System.Text.Encoding.UTF8.GetBytes(node!.ToJsonString());
    }

    private static IEnumerable<byte[]> Lines(MemoryEvidenceStore store, string prefix)
    {
        using var stream = new MemoryStream();
        EvidenceReader.CopyLines(store, prefix, stream);
        var all = stream.ToArray();
        int start = 0;
        for (int i = 0; i < all.Length; i++)
        {
            if (all[i] == (byte)'\n')
            {
                yield return all[start..i];
                start = i + 1;
            }
        }
    }

    /// <summary>Counts what reaches the writer.</summary>
    private sealed class CountingSink(IRecordSink inner) : IRecordSink
    {
        public long Events { get; private set; }

        public long Items { get; private set; }

        public long Controls { get; private set; }

        public long Total => Events + Items + Controls;

        public void Normalized(NormalizedEvent normalizedEvent)
        {
            inner.Normalized(normalizedEvent);
            Events++;
        }

        public void Quarantined(QuarantineItem item)
        {
            inner.Quarantined(item);
            Items++;
        }

        public void Control(string kind, string source)
        {
            inner.Control(kind, source);
            Controls++;
        }
    }
}
