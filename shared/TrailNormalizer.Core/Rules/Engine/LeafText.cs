using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace TrailNormalizer.Core.Rules.Engine;

/// <summary>
/// The text a value test compares: a string's value, a number's JSON text, <c>true</c>/<c>false</c>. Decoded into a
/// per-thread buffer, so reading a leaf does not allocate unless the string has JSON escapes. A span stays valid only
/// until the next call on the same thread.
/// </summary>
internal static class LeafText
{
    [ThreadStatic]
    private static char[]? t_buffer;

    /// <summary>False for null, objects and arrays.</summary>
    public static bool TryGet(JsonElement element, out ReadOnlySpan<char> text)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8Value(element);
                if (raw.Length >= 2 && raw[0] == (byte)'"')
                {
                    raw = raw[1..^1];
                }

                if (raw.IndexOf((byte)'\\') >= 0)
                {
                    text = element.GetString();
                    return true;
                }

                text = Decode(raw);
                return true;
            case JsonValueKind.Number:
                text = Decode(JsonMarshal.GetRawUtf8Value(element));
                return true;
            case JsonValueKind.True:
                text = "true";
                return true;
            case JsonValueKind.False:
                text = "false";
                return true;
            default:
                text = default;
                return false;
        }
    }

    /// <summary>The leaf's text as a new string, or null for null, objects and arrays.</summary>
    public static string? GetString(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    private static ReadOnlySpan<char> Decode(ReadOnlySpan<byte> utf8)
    {
        char[] buffer = t_buffer ??= new char[256];
        if (buffer.Length < utf8.Length)
        {
            buffer = t_buffer = new char[Math.Max(utf8.Length, buffer.Length * 2)];
        }

        int count = Encoding.UTF8.GetChars(utf8, buffer);
        return buffer.AsSpan(0, count);
    }
}
