using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace TrailNormalizer.Core.Ocsf;

/// <summary>How every mapper writes OCSF JSON: one escaping for all events, and the optional-string write.</summary>
internal static class OcsfWriting
{
    /// <summary>No \u escapes for HTML-sensitive characters: events are data, never embedded in a page.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A writer for one event with <see cref="WriterOptions"/>.</summary>
    public static Utf8JsonWriter NewWriter(IBufferWriter<byte> buffer) => new(buffer, WriterOptions);

    /// <summary>Writes the string property when the value is not null.</summary>
    public static void WriteIfPresent(this Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    /// <summary>Writes the string property, named by its UTF-8 name (a <c>u8</c> literal: no name to transcode), when the value is not null.</summary>
    public static void WriteIfPresent(this Utf8JsonWriter w, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }
}
