using System.Text.Encodings.Web;
using System.Text.Json;

namespace TrailNormalizer.Aws.Runtime;

/// <summary>
/// Structured log lines (one JSON object per line) on stdout, which Lambda ships to CloudWatch Logs.
/// Callers write ids, counts and durations only: never credentials, and never event contents.
/// </summary>
public sealed class JsonLog(Stream output, TimeProvider time)
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly Lock _gate = new();

    /// <summary>A log on this process's standard output.</summary>
    public static JsonLog StandardOutput(TimeProvider time) => new(Console.OpenStandardOutput(), time);

    public void Info(string message, Action<Utf8JsonWriter>? fields = null) => Write("INFO", message, fields);

    public void Error(string message, Action<Utf8JsonWriter>? fields = null) => Write("ERROR", message, fields);

    private void Write(string level, string message, Action<Utf8JsonWriter>? fields)
    {
        using var buffer = new MemoryStream(256);
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            w.WriteString("time", time.GetUtcNow().UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("level", level);
            w.WriteString("message", message);
            fields?.Invoke(w);
            w.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        lock (_gate)
        {
            output.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
            output.Flush();
        }
    }
}
