using System.Buffers;
using System.Text;
using System.Text.Json;
using TrailNormalizer.Core.Tests.Support;

namespace TrailNormalizer.Core.Tests.Mapping;

/// <summary>
/// Golden files: <c>tests/fixtures/&lt;source&gt;/&lt;case&gt;.json</c> next to <c>&lt;case&gt;.ocsf.json</c>, the pretty-printed
/// array of events the case normalizes to. Regenerate with <c>scripts/regenerate-golden.sh</c>, then review the diff.
/// </summary>
public static class GoldenFiles
{
    public const string UpdateVariable = "TRAILNORM_UPDATE_GOLDEN";
    public const string ExpectedSuffix = ".ocsf.json";

    public static bool Updating => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    public static IEnumerable<string> Cases(string source) =>
        Directory.EnumerateFiles(Path.Combine(RepoPaths.Fixtures, source), "*.json")
            .Where(f => !f.EndsWith(ExpectedSuffix, StringComparison.Ordinal))
            .Select(f => Path.GetFileNameWithoutExtension(f))
            .Order(StringComparer.Ordinal);

    public static string InputPath(string source, string name) => Path.Combine(RepoPaths.Fixtures, source, name + ".json");

    public static string ExpectedPath(string source, string name) => Path.Combine(RepoPaths.Fixtures, source, name + ExpectedSuffix);

    /// <summary>The events as the golden file spells them: an indented JSON array, non-ASCII kept, LF line ends.</summary>
    public static string Render(IEnumerable<byte[]> events)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var options = new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        using (var w = new Utf8JsonWriter(buffer, options))
        {
            w.WriteStartArray();
            foreach (var ev in events)
            {
                using var doc = JsonDocument.Parse(ev);
                doc.RootElement.WriteTo(w);
            }

            w.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan).ReplaceLineEndings("\n") + "\n";
    }
}
