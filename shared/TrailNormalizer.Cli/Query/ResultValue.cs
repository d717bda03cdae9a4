using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;

namespace TrailNormalizer.Cli.Query;

/// <summary>How a DuckDB value (as DuckDB.NET returns it) is written as JSON or as text.</summary>
internal static class ResultValue
{
    /// <summary>Writes <paramref name="value"/>; <paramref name="isJson"/> says the column holds JSON text, written as JSON.</summary>
    public static void Write(Utf8JsonWriter w, object? value, bool isJson = false)
    {
        switch (value)
        {
            case null or DBNull:
                w.WriteNullValue();
                break;
            case string s when isJson:
                w.WriteRawValue(s);
                break;
            case string s:
                w.WriteStringValue(s);
                break;
            case bool b:
                w.WriteBooleanValue(b);
                break;
            case double d when !double.IsFinite(d):
                w.WriteStringValue(d.ToString(CultureInfo.InvariantCulture));
                break;
            case float f when !float.IsFinite(f):
                w.WriteStringValue(f.ToString(CultureInfo.InvariantCulture));
                break;
            case sbyte or byte or short or ushort or int or uint or long or ulong or float or double or decimal or BigInteger:
                w.WriteRawValue(Convert.ToString(value, CultureInfo.InvariantCulture)!);
                break;
            case DateTime or DateTimeOffset or DateOnly or TimeOnly or TimeSpan or Guid:
                w.WriteStringValue(Text(value));
                break;
            case byte[] bytes:
                w.WriteBase64StringValue(bytes);
                break;
            case IDictionary map:
                w.WriteStartObject();
                foreach (DictionaryEntry entry in map)
                {
                    w.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? "");
                    Write(w, entry.Value);
                }

                w.WriteEndObject();
                break;
            case IEnumerable items:
                w.WriteStartArray();
                foreach (object? item in items)
                {
                    Write(w, item);
                }

                w.WriteEndArray();
                break;
            default:
                w.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    /// <summary>The value as one line of text: scalars plainly, times as ISO 8601 UTC, lists and structs as JSON; null is null.</summary>
    public static string? Text(object? value) => value switch
    {
        null or DBNull => null,
        string s => s,
        bool b => b ? "true" : "false",
        DateTime t => t.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        byte[] or IEnumerable => Json(value),
        _ => value.ToString(),
    };

    private static string Json(object value)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            Write(w, value);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
