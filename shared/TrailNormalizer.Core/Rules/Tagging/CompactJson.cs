using System.Buffers;
using System.Numerics;
using System.Runtime.Intrinsics;

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
            int quote = UnescapedLookingQuote(json, i);
            if (quote < 0)
            {
                return -1;
            }

            int backslashes = 0;
            while (json[quote - 1 - backslashes] == (byte)'\\')
            {
                backslashes++;
            }

            if (backslashes % 2 == 0)
            {
                return quote + 1;
            }

            i = quote + 1;
        }
    }

    /// <summary>
    /// The first quote at or after <paramref name="from"/> that may end the string: one not right after a backslash, or
    /// right after two (the caller counts the run). A quote after a single backslash is escaped; such quotes are dense in
    /// text such as <c>raw_data</c>, so they are skipped a vector at a time rather than stopping at each.
    /// </summary>
    private static int UnescapedLookingQuote(ReadOnlySpan<byte> json, int from)
    {
        int i = from;
        if (Vector128.IsHardwareAccelerated && i >= 2)
        {
            var quote = Vector128.Create((byte)'"');
            var backslash = Vector128.Create((byte)'\\');
            for (; i + Vector128<byte>.Count <= json.Length; i += Vector128<byte>.Count)
            {
                var here = Vector128.Equals(Vector128.Create(json.Slice(i, Vector128<byte>.Count)), quote);
                var afterOne = Vector128.Equals(Vector128.Create(json.Slice(i - 1, Vector128<byte>.Count)), backslash);
                var afterTwo = Vector128.Equals(Vector128.Create(json.Slice(i - 2, Vector128<byte>.Count)), backslash);
                uint hits = (here & (~afterOne | afterTwo)).ExtractMostSignificantBits();
                if (hits != 0)
                {
                    return i + BitOperations.TrailingZeroCount(hits);
                }
            }
        }

        for (; i < json.Length; i++)
        {
            if (json[i] == (byte)'"' && (json[i - 1] != (byte)'\\' || (i >= 2 && json[i - 2] == (byte)'\\')))
            {
                return i;
            }
        }

        return -1;
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
