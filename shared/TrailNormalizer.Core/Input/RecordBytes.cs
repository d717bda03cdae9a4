using System.Text.Unicode;

namespace TrailNormalizer.Core.Input;

/// <summary>
/// Whether a record's bytes can be kept exactly as text: valid UTF-8, and every <c>\uXXXX</c> escape part of a
/// valid UTF-16 sequence. A record that passes reads back from <c>raw_data</c> byte for byte; one that fails is
/// quarantined with its original bytes (base64) instead of being repaired.
/// </summary>
public static class RecordBytes
{
    /// <summary>Null when the bytes are exact; otherwise what is wrong and at which byte offset.</summary>
    public static string? Problem(ReadOnlySpan<byte> raw)
    {
        if (!Utf8.IsValid(raw))
        {
            return $"bytes are not valid UTF-8 (first invalid byte at offset {FirstInvalidUtf8(raw)})";
        }

        int offset = LoneSurrogateEscape(raw);
        return offset < 0 ? null : $"escape {System.Text.Encoding.ASCII.GetString(raw.Slice(offset, Math.Min(6, raw.Length - offset)))} at offset {offset} is a lone UTF-16 surrogate";
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> raw)
    {
        int offset = 0;
        while (offset < raw.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(raw[offset..], out _, out int consumed) != System.Buffers.OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return offset;
    }

    /// <summary>Offset of the first <c>\uD800</c>-<c>\uDFFF</c> escape not paired high-then-low, or -1.</summary>
    /// <remarks>A backslash only occurs inside JSON strings, so scanning escapes byte by byte is exact.</remarks>
    private static int LoneSurrogateEscape(ReadOnlySpan<byte> raw)
    {
        int i = raw.IndexOf((byte)'\\');
        while (i >= 0 && i + 1 < raw.Length)
        {
            if (raw[i + 1] != (byte)'u')
            {
                i += 2;
            }
            else
            {
                int unit = Hex4(raw, i + 2);
                if (unit is >= 0xDC00 and <= 0xDFFF)
                {
                    return i;
                }

                if (unit is >= 0xD800 and <= 0xDBFF)
                {
                    int low = i + 7 < raw.Length && raw[i + 6] == (byte)'\\' && raw[i + 7] == (byte)'u' ? Hex4(raw, i + 8) : -1;
                    if (low is < 0xDC00 or > 0xDFFF)
                    {
                        return i;
                    }

                    i += 12;
                }
                else
                {
                    i += 6;
                }
            }

            int next = i < raw.Length ? raw[i..].IndexOf((byte)'\\') : -1;
            i = next < 0 ? -1 : i + next;
        }

        return -1;
    }

    private static int Hex4(ReadOnlySpan<byte> raw, int at)
    {
        if (at + 4 > raw.Length)
        {
            return -1;
        }

        int value = 0;
        foreach (byte b in raw.Slice(at, 4))
        {
            int digit = b switch
            {
                >= (byte)'0' and <= (byte)'9' => b - '0',
                >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                _ => -1,
            };
            if (digit < 0)
            {
                return -1;
            }

            value = (value << 4) | digit;
        }

        return value;
    }
}
