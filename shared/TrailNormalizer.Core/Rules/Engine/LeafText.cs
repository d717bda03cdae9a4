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

                text = raw.IndexOf((byte)'\\') >= 0 ? Unescape(Decode(raw), element) : Decode(raw);
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

    /// <summary>Resolves JSON escapes in place (the result is never longer); falls back to GetString on a malformed escape.</summary>
    private static ReadOnlySpan<char> Unescape(ReadOnlySpan<char> decoded, JsonElement element)
    {
        Span<char> chars = t_buffer.AsSpan(0, decoded.Length);
        int w = 0;
        for (int r = 0; r < chars.Length; r++)
        {
            char c = chars[r];
            if (c != '\\')
            {
                chars[w++] = c;
                continue;
            }

            if (++r >= chars.Length)
            {
                return element.GetString();
            }

            switch (chars[r])
            {
                case 'b': chars[w++] = '\b'; break;
                case 'f': chars[w++] = '\f'; break;
                case 'n': chars[w++] = '\n'; break;
                case 'r': chars[w++] = '\r'; break;
                case 't': chars[w++] = '\t'; break;
                case 'u':
                    if (r + 4 >= chars.Length || !ushort.TryParse(chars.Slice(r + 1, 4), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out ushort code))
                    {
                        return element.GetString();
                    }

                    chars[w++] = (char)code;
                    r += 4;
                    break;
                default: chars[w++] = chars[r]; break;
            }
        }

        return chars[..w];
    }

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
