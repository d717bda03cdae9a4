using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace TrailNormalizer.Core.Evidence.Runs;

/// <summary>
/// The run journal in the evidence store. <c>runs/RUN.json</c> is written when a <c>normalize</c> run starts and lists
/// every input's identity; <c>inputs/SHA256/RUN.json</c> is written once all of an input's batches are stored and names
/// them. An input listed by a run with no completion record from any run is unfinished.
/// </summary>
public static class RunRecords
{
    public const string RunsPrefix = "runs/";
    public const string InputsPrefix = "inputs/";

    public static string RunKey(string runId) => $"{RunsPrefix}{runId}.json";

    public static string CompletionPrefix(string sha256) => $"{InputsPrefix}{sha256}/";

    public static string CompletionKey(string sha256, string runId) => $"{CompletionPrefix(sha256)}{runId}.json";

    /// <summary>A run id: its start time and 8 random hex digits, the tag its batch ids carry.</summary>
    public static string NewRunId(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));

    public static string TagOf(string runId) => runId[^8..];

    public static byte[] Run(string runId, DateTimeOffset started, bool reingest, IEnumerable<InputIdentity> inputs) => Json(w =>
    {
        w.WriteString("format", "trailnormalizer.run/1");
        w.WriteString("run", runId);
        w.WriteString("started", started.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        w.WriteBoolean("reingest", reingest);
        w.WriteStartArray("inputs");
        foreach (var input in inputs)
        {
            w.WriteStartObject();
            WriteIdentity(w, input);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    });

    public static byte[] Completion(string runId, InputIdentity input, DateTimeOffset completed, bool reingest, long written, long skipped, IEnumerable<string> batches) => Json(w =>
    {
        w.WriteString("format", "trailnormalizer.input/1");
        w.WriteString("run", runId);
        WriteIdentity(w, input);
        w.WriteString("completed", completed.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        w.WriteBoolean("reingest", reingest);
        w.WriteNumber("records_written", written);
        w.WriteNumber("records_stored_earlier", skipped);
        w.WriteStartArray("batches");
        foreach (string batch in batches.Order(StringComparer.Ordinal))
        {
            w.WriteStringValue(batch);
        }

        w.WriteEndArray();
    });

    /// <summary>A run record's id and the SHA-256 of each input it lists; throws <see cref="FormatException"/> when unreadable.</summary>
    public static (string RunId, List<string> Inputs) ParseRun(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            string run = root.GetProperty("run").GetString() ?? throw new FormatException("run id is null");
            var inputs = root.GetProperty("inputs").EnumerateArray().Select(i => i.GetProperty("sha256").GetString() ?? "").ToList();
            return (run, inputs);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"unreadable run record: {ex.Message}", ex);
        }
    }

    private static void WriteIdentity(Utf8JsonWriter w, InputIdentity input)
    {
        w.WriteString("path", input.Path);
        w.WriteNumber("size", input.Size);
        w.WriteString("sha256", input.Sha256);
    }

    private static byte[] Json(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
