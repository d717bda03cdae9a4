using System.Buffers;
using System.Text;
using System.Text.Json;
using TrailNormalizer.Core.Mapping;
using TrailNormalizer.Core.Tests.Support;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Core.Tests.Mapping;

/// <summary>
/// Golden files: <c>tests/fixtures/&lt;source&gt;/&lt;case&gt;.json</c> (or <c>.ndjson</c>, <c>.jsonl</c>) next to
/// <c>&lt;case&gt;.ocsf.json</c>: <c>{"events":[...],"quarantined":[{reason,source}],"control":[{kind,source}]}</c>.
/// Regenerate with <c>scripts/regenerate-golden.sh</c>, then review the diff. <c>bad-input</c> has its own tests.
/// </summary>
public static class GoldenFiles
{
    public const string UpdateVariable = "TRAILNORM_UPDATE_GOLDEN";
    public const string ExpectedSuffix = ".ocsf.json";
    private static readonly string[] InputExtensions = [".json", ".ndjson", ".jsonl"];
    private static readonly string[] NotGolden = ["bad-input"];

    public static bool Updating => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    /// <summary>Every (source folder, input file name) pair as xunit theory data.</summary>
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var (source, file) in AllCases())
        {
            data.Add(source, file);
        }

        return data;
    }

    /// <summary>Every (source folder, input file name) pair.</summary>
    public static IEnumerable<(string Source, string File)> AllCases() =>
        Directory.EnumerateDirectories(RepoPaths.Fixtures)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(s => !NotGolden.Contains(s))
            .Order(StringComparer.Ordinal)
            .SelectMany(source => Cases(source).Select(file => (source, file)));

    /// <summary>Input files directly in a source folder (subfolders hold helpers such as certificates or mirrors).</summary>
    public static IEnumerable<string> Cases(string source) =>
        Directory.EnumerateFiles(Path.Combine(RepoPaths.Fixtures, source))
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(f => InputExtensions.Any(e => f.EndsWith(e, StringComparison.Ordinal)) && !f.EndsWith(ExpectedSuffix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    public static string InputPath(string source, string file) => Path.Combine(RepoPaths.Fixtures, source, file);

    public static string ExpectedPath(string source, string file) =>
        Path.Combine(RepoPaths.Fixtures, source, Path.GetFileNameWithoutExtension(file) + ExpectedSuffix);

    /// <summary>The run as the golden file spells it: indented JSON, non-ASCII kept, LF line ends.</summary>
    public static string Render(CollectingSink result)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var options = new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        using (var w = new Utf8JsonWriter(buffer, options))
        {
            w.WriteStartObject();
            w.WriteStartArray("events");
            foreach (var ev in result.Events)
            {
                using var doc = JsonDocument.Parse(ev.Json);
                doc.RootElement.WriteTo(w);
            }

            w.WriteEndArray();
            w.WriteStartArray("quarantined");
            foreach (QuarantineItem item in result.Quarantine)
            {
                w.WriteStartObject();
                w.WriteString("reason", item.Reason);
                w.WriteString("source", item.Source);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("control");
            foreach (var (kind, source) in result.Controls)
            {
                w.WriteStartObject();
                w.WriteString("kind", kind);
                w.WriteString("source", source);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan).ReplaceLineEndings("\n") + "\n";
    }
}
