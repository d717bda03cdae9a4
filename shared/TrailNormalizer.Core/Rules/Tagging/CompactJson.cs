using System.Buffers;

namespace TrailNormalizer.Core.Rules.Tagging;

/// <summary>
/// Finds where a value ends in JSON that a <see cref="System.Text.Json.Utf8JsonWriter"/> wrote, without validating or
/// tokenizing it: strings by their closing quote, objects and arrays by bracket depth outside strings. Returns -1 when
/// the bytes at <c>start</c> do not begin a value the way such a writer writes one (the caller then takes the validating path).
/// </summary>
internal static class CompactJson
{
    private static readonly SearchValues<byte> Structure = SearchValues.Create("\"{}[]"u8);
    private static readonly SearchValues<byte> LiteralEnd = SearchValues.Create(",}] \t\r\n"u8);

    public static int ValueEnd(ReadOnlySpan<byte> json, int start)
    {
        if (start >= json.Length)
        {
            return -1;
        }

        switch (json[start])
        {
            case (byte)'"':
                return StringEnd(json, start);
            case (byte)'{' or (byte)'[':
                return ContainerEnd(json, start);
            case (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)',' or (byte)':' or (byte)'}' or (byte)']':
                return -1;
            default:
                int length = json[start..].IndexOfAny(LiteralEnd);
                return length < 0 ? json.Length : start + length;
        }
    }

    /// <summary>The index after the closing quote of the string that starts at <paramref name="start"/>, or -1.</summary>
    public static int StringEnd(ReadOnlySpan<byte> json, int start)
    {
        int i = start + 1;
        while (true)
        {
            int quote = json[i..].IndexOf((byte)'"');
            if (quote < 0)
            {
                return -1;
            }

            i += quote;
            int backslashes = 0;
            while (json[i - 1 - backslashes] == (byte)'\\')
            {
                backslashes++;
            }

            if (backslashes % 2 == 0)
            {
                return i + 1;
            }

            i++;
        }
    }

    private static int ContainerEnd(ReadOnlySpan<byte> json, int start)
    {
        int depth = 0;
        int i = start;
        while (true)
        {
            int next = json[i..].IndexOfAny(Structure);
            if (next < 0)
            {
                return -1;
            }

            i += next;
            switch (json[i])
            {
                case (byte)'"':
                    i = StringEnd(json, i);
                    if (i < 0)
                    {
                        return -1;
                    }

                    continue;
                case (byte)'{' or (byte)'[':
                    depth++;
                    break;
                default:
                    if (--depth == 0)
                    {
                        return i + 1;
                    }

                    break;
            }

            i++;
        }
    }
}
