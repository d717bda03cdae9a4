using System.Globalization;
using System.Text;
using System.Text.Json;
using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Mapping;
using TrailNormalizer.Core.Pipeline;

namespace TrailNormalizer.Core.Coverage;

/// <summary>For one source (or one source and class): how many events there were, and per fact how often the raw record held it and the event typed it.</summary>
public sealed class FactCounts
{
    private readonly int[] _held = new int[Enum.GetValues<TypedFact>().Length];
    private readonly int[] _typed = new int[Enum.GetValues<TypedFact>().Length];

    public int Events { get; private set; }

    /// <summary>Records that held the fact.</summary>
    public int Held(TypedFact fact) => _held[(int)fact];

    /// <summary>Of those, events that carry it in a typed field.</summary>
    public int Typed(TypedFact fact) => _typed[(int)fact];

    /// <summary>Facts typed over facts held, all facts together; 1 when the records held none.</summary>
    public double Share => Enum.GetValues<TypedFact>().Sum(Held) is var held and > 0 ? (double)Enum.GetValues<TypedFact>().Sum(Typed) / held : 1;

    internal void Add(IReadOnlySet<TypedFact> held, IReadOnlySet<TypedFact> typed)
    {
        Events++;
        foreach (var fact in held)
        {
            _held[(int)fact]++;
            if (typed.Contains(fact))
            {
                _typed[(int)fact]++;
            }
        }
    }
}

/// <summary>
/// The typed-fact coverage of normalized events: per source (<c>metadata.product.name</c>) and class, the share of the
/// security facts the raw records hold (<see cref="RawFacts"/>) that the events carry in typed OCSF fields (<see cref="EventFacts"/>).
/// </summary>
public sealed class FactCoverage
{
    private readonly SortedDictionary<string, FactCounts> _sources = new(StringComparer.Ordinal);
    private readonly SortedDictionary<(string Source, int Class), FactCounts> _classes = new();

    /// <summary>Events per source.</summary>
    public IReadOnlyDictionary<string, FactCounts> Sources => _sources;

    /// <summary>Events per source and class.</summary>
    public IReadOnlyDictionary<(string Source, int Class), FactCounts> Classes => _classes;

    /// <summary>Records that were quarantined (they carry no typed fact at all).</summary>
    public int Quarantined { get; private set; }

    /// <summary>Normalizes every input file in memory (nothing is stored) and measures the events.</summary>
    public static FactCoverage Measure(IEnumerable<string> files, RecordHandlerOptions? options = null, InputLimits? limits = null)
    {
        var coverage = new FactCoverage();
        var effective = limits ?? InputLimits.Default;
        var router = new RecordRouter(effective, TimeProvider.System, RecordHandlers.Default(options ?? new RecordHandlerOptions()));
        var sink = new Sink(coverage);
        foreach (string file in files)
        {
            using var stream = InputFiles.Open(file);
            NormalizationPipeline.ProcessStream(stream, file, InputFiles.IsLineDelimited(file), router, sink, effective);
        }

        return coverage;
    }

    /// <summary>
    /// Measures events already normalized: NDJSON of OCSF events (<c>trailnorm cat</c> output, evidence batches unzipped),
    /// or a golden file's <c>{"events":[…]}</c>.
    /// </summary>
    public static FactCoverage MeasureEvents(IEnumerable<string> files)
    {
        var coverage = new FactCoverage();
        foreach (string file in files)
        {
            string text = File.ReadAllText(file);
            if (GoldenEvents(text) is { } golden)
            {
                using (golden)
                {
                    foreach (var ev in golden.RootElement.GetProperty("events").EnumerateArray())
                    {
                        coverage.Add(Encoding.UTF8.GetBytes(ev.GetRawText()));
                    }
                }

                continue;
            }

            foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                coverage.Add(Encoding.UTF8.GetBytes(line));
            }
        }

        return coverage;
    }

    /// <summary>A golden file (<c>{"events":[…],…}</c>), else null (the text is NDJSON).</summary>
    private static JsonDocument? GoldenEvents(string text)
    {
        try
        {
            var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("events", out var list)
                && list.ValueKind == JsonValueKind.Array)
            {
                return document;
            }

            document.Dispose();
        }
        catch (JsonException)
        {
            // several JSON values: NDJSON
        }

        return null;
    }

    /// <summary>Adds one normalized event (its JSON).</summary>
    public void Add(ReadOnlySpan<byte> eventJson)
    {
        using var document = JsonDocument.Parse(eventJson.ToArray());
        var ev = document.RootElement;
        string source = ev.GetProperty("metadata").GetProperty("product").GetProperty("name").GetString() ?? "unknown";
        int classUid = ev.GetProperty("class_uid").GetInt32();
        var held = HeldInRaw(ev);
        held.RemoveWhere(fact => !ClassFacts.CanHold(classUid, fact));
        var typed = EventFacts.Typed(ev);
        Counts(_sources, source).Add(held, typed);
        Counts(_classes, (source, classUid)).Add(held, typed);
    }

    /// <summary>A plain-text table: per source a total line, then one line per class; each fact as typed/held.</summary>
    public string Render()
    {
        var facts = Enum.GetValues<TypedFact>();
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{"source / class",-42} {"events",7} {"typed",7}");
        foreach (var fact in facts)
        {
            text.Append(CultureInfo.InvariantCulture, $" {Short(fact),11}");
        }

        text.AppendLine();
        foreach (var (source, counts) in _sources)
        {
            Line(text, source, counts, facts);
            foreach (var ((_, classUid), classCounts) in _classes.Where(c => c.Key.Source == source))
            {
                Line(text, $"  {classUid} {IngestSummary.ClassName(classUid)}", classCounts, facts);
            }
        }

        int held = _sources.Values.Sum(c => facts.Sum(c.Held));
        int typed = _sources.Values.Sum(c => facts.Sum(c.Typed));
        text.AppendLine(CultureInfo.InvariantCulture,
            $"all sources: {typed} of {held} facts held by the records are typed ({Percent(held == 0 ? 1 : (double)typed / held)}); {Quarantined} records quarantined");
        return text.ToString();
    }

    private static void Line(StringBuilder text, string label, FactCounts counts, TypedFact[] facts)
    {
        text.Append(CultureInfo.InvariantCulture, $"{label,-42} {counts.Events,7} {Percent(counts.Share),7}");
        foreach (var fact in facts)
        {
            string cell = counts.Held(fact) == 0 ? "-" : $"{counts.Typed(fact)}/{counts.Held(fact)}";
            text.Append(CultureInfo.InvariantCulture, $" {cell,11}");
        }

        text.AppendLine();
    }

    private static string Percent(double share) => share.ToString("P1", CultureInfo.InvariantCulture).Replace(" ", "", StringComparison.Ordinal);

    private static string Short(TypedFact fact) => fact switch
    {
        TypedFact.ActorUser => "user",
        TypedFact.SourceIp => "src_ip",
        TypedFact.Operation => "operation",
        TypedFact.Outcome => "outcome",
        TypedFact.TargetResource => "target",
        TypedFact.Mfa => "mfa",
        TypedFact.UserAgent => "user_agent",
        _ => "location",
    };

    private static FactCounts Counts<TKey>(SortedDictionary<TKey, FactCounts> map, TKey key)
        where TKey : notnull
    {
        if (!map.TryGetValue(key, out var counts))
        {
            counts = new FactCounts();
            map[key] = counts;
        }

        return counts;
    }

    /// <summary>The facts the event's raw record holds; an event without parseable raw data holds only its operation.</summary>
    private static HashSet<TypedFact> HeldInRaw(JsonElement ev)
    {
        if (ev.TryGetProperty("raw_data", out var raw) && raw.ValueKind == JsonValueKind.String && raw.GetString() is { } text)
        {
            try
            {
                using var record = JsonDocument.Parse(text);
                return RawFacts.Held(record.RootElement);
            }
            catch (JsonException)
            {
                // raw data that is not JSON holds nothing the report can find
            }
        }

        return [TypedFact.Operation];
    }

    private sealed class Sink(FactCoverage coverage) : IRecordSink
    {
        public void Normalized(NormalizedEvent normalizedEvent) => coverage.Add(normalizedEvent.Json);

        public void Quarantined(QuarantineItem item) => coverage.Quarantined++;

        public void Control(string kind, string source)
        {
        }
    }
}
