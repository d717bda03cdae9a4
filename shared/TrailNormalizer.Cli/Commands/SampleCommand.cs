using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using TrailNormalizer.Core.Evidence.Proofs;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Cli.Commands;

/// <summary><c>trailnorm sample DIR --count N --seed S [--from T] [--to T] [--where key=value]</c></summary>
public static class SampleCommand
{
    public static Command Create(CliConsole console)
    {
        var dir = new Argument<string>("DIR") { Description = "Evidence folder." };
        var count = new Option<int>("--count", "-n") { Description = "How many events to draw.", Required = true, HelpName = "N" };
        var seed = new Option<string>("--seed", "-s") { Description = "Any text; the same seed over the same evidence draws the same sample.", Required = true, HelpName = "S" };
        var from = new Option<string?>("--from") { Description = "Only events at or after this ISO 8601 time.", HelpName = "T" };
        var to = new Option<string?>("--to") { Description = "Only events before this ISO 8601 time.", HelpName = "T" };
        var where = new Option<string[]>("--where")
        {
            Description = "Only events matching key=value (repeatable, all must match): label=incident:logging-tamper, class_uid=3002, uid=<metadata.uid>.",
            HelpName = "KEY=VALUE",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("sample",
            "Draw a reproducible uniform random sample of events; prints one JSON line per event (uid, batch, index, time) for 'trailnorm prove --sample'.")
        {
            dir, count, seed, from, to, where,
        };
        command.SetAction(result =>
        {
            var store = EvidenceFolder.Open(result.GetRequiredValue(dir));
            int n = result.GetValue(count);
            if (n < 1)
            {
                throw new CliException("--count must be at least 1", ExitCodes.Usage);
            }

            var filter = new SampleFilter(Time(result.GetValue(from), "--from"), Time(result.GetValue(to), "--to"), Conditions(result.GetValue(where) ?? []));
            var sample = EventSampler.Sample(store, n, result.GetRequiredValue(seed), filter);
            using var w = new Utf8JsonWriter(console.StandardOutput);
            foreach (var e in sample)
            {
                w.Reset();
                w.WriteStartObject();
                w.WriteString("uid", e.Uid);
                w.WriteString("batch", e.BatchKey);
                w.WriteNumber("index", e.Index);
                w.WriteNumber("time", e.TimeMs);
                w.WriteEndObject();
                w.Flush();
                console.StandardOutput.WriteByte((byte)'\n');
            }

            console.StandardOutput.Flush();
            console.Error.WriteLine($"sample: {sample.Count} events (seed \"{result.GetRequiredValue(seed)}\")");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static long? Time(string? text, string option) =>
        text is null ? null : OcsfTime.ParseIso(text) ?? throw new CliException($"{option} is not an ISO 8601 time: {text}", ExitCodes.Usage);

    private static List<(string, string)> Conditions(string[] where) =>
        where.Select(w =>
        {
            int eq = w.IndexOf('=', StringComparison.Ordinal);
            string key = eq > 0 ? w[..eq] : "";
            return SampleFilter.Keys.Contains(key)
                ? (key, w[(eq + 1)..])
                : throw new CliException(string.Create(CultureInfo.InvariantCulture, $"--where {w}: expected KEY=VALUE with KEY one of {string.Join(", ", SampleFilter.Keys)}"), ExitCodes.Usage);
        }).ToList();
}
