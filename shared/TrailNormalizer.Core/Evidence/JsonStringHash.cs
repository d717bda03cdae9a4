using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace TrailNormalizer.Core.Evidence;

/// <summary>
/// SHA-256 of a JSON string's decoded text in UTF-8, read straight from the stored bytes: one scan finds the closing quote
/// and unescapes on the way, where a JSON reader would validate the string and then unescape it in a second pass. It
/// refuses what <see cref="System.Text.Json.Utf8JsonReader"/> refuses (a control character, an unknown escape, a missing
/// closing quote) and what unescaping refuses (a <c>\uXXXX</c> lone surrogate).
/// </summary>
internal static class JsonStringHash
{
    private static readonly SearchValues<byte> QuoteBackslashOrControl = SearchValues.Create(
        [(byte)'"', (byte)'\\', 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31]);

    /// <summary>Hashes the string whose text starts at <paramref name="json"/> (just after its opening quote); false when it is not a valid JSON string.</summary>
    public static bool TryHash(ReadOnlySpan<byte> json, Span<byte> sha256)
    {
        int stop = json.IndexOfAny(QuoteBackslashOrControl);
        if (stop < 0 || json[stop] != '"')
        {
            return stop >= 0 && json[stop] == '\\' && TryHashEscaped(json, stop, sha256);
        }

        SHA256.HashData(json[..stop], sha256);
        return true;
    }

    private static bool TryHashEscaped(ReadOnlySpan<byte> json, int escape, Span<byte> sha256)
    {
        // Unescaping never lengthens a string.
        byte[] buffer = ArrayPool<byte>.Shared.Rent(json.Length);
        try
        {
            int length = Unescape(json, escape, buffer);
            if (length < 0)
            {
                return false;
            }

            SHA256.HashData(buffer.AsSpan(0, length), sha256);
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The decoded text's length in <paramref name="text"/>, or -1 when the string is not valid. Byte by byte from the first
    /// escape on: a raw record's JSON text escapes a quote every few bytes, where a vectorized search per escape costs more.
    /// </summary>
    private static int Unescape(ReadOnlySpan<byte> json, int firstEscape, Span<byte> text)
    {
        json[..firstEscape].CopyTo(text);
        int written = firstEscape;
        for (int read = firstEscape; read < json.Length; read++)
        {
            byte b = json[read];
            if (b == '"')
            {
                return written;
            }

            if (b < 0x20)
            {
                return -1;
            }

            if (b != '\\')
            {
                text[written++] = b;
                continue;
            }

            if (++read >= json.Length)
            {
                return -1;
            }

            switch (json[read])
            {
                case (byte)'"' or (byte)'\\' or (byte)'/':
                    text[written++] = json[read];
                    break;
                case (byte)'b':
                    text[written++] = (byte)'\b';
                    break;
                case (byte)'f':
                    text[written++] = (byte)'\f';
                    break;
                case (byte)'n':
                    text[written++] = (byte)'\n';
                    break;
                case (byte)'r':
                    text[written++] = (byte)'\r';
                    break;
                case (byte)'t':
                    text[written++] = (byte)'\t';
                    break;
                case (byte)'u':
                    int next = read + 1;
                    if (!TryCodePoint(json, ref next, out var rune))
                    {
                        return -1;
                    }

                    written += rune.EncodeToUtf8(text[written..]);
                    read = next - 1;
                    break;
                default:
                    return -1;
            }
        }

        return -1;
    }

    /// <summary>The code point of the <c>\uXXXX</c> escape whose hex digits start at <paramref name="at"/> (a surrogate pair takes a second escape); moves past it.</summary>
    private static bool TryCodePoint(ReadOnlySpan<byte> json, ref int at, out Rune rune)
    {
        rune = default;
        if (!TryHex4(json, at, out int unit))
        {
            return false;
        }

        at += 4;
        if (char.IsLowSurrogate((char)unit))
        {
            return false;
        }

        if (!char.IsHighSurrogate((char)unit))
        {
            rune = new Rune(unit);
            return true;
        }

        if (at + 1 >= json.Length || json[at] != '\\' || json[at + 1] != 'u' || !TryHex4(json, at + 2, out int low) || !char.IsLowSurrogate((char)low))
        {
            return false;
        }

        at += 6;
        rune = new Rune((char)unit, (char)low);
        return true;
    }

    private static bool TryHex4(ReadOnlySpan<byte> json, int at, out int value)
    {
        value = 0;
        if (at + 4 > json.Length)
        {
            return false;
        }

        for (int i = at; i < at + 4; i++)
        {
            int digit = HexDigit(json[i]);
            if (digit < 0)
            {
                return false;
            }

            value = (value << 4) | digit;
        }

        return true;
    }

    private static int HexDigit(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
