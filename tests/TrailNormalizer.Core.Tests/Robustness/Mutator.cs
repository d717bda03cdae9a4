using System.IO.Compression;
using System.Text;

namespace TrailNormalizer.Core.Tests.Robustness;

/// <summary>
/// Deterministic mutations of an input, as an attacker or a broken producer would make them. The same
/// (seed, index) always gives the same bytes, so a failure names a case that can be replayed.
/// </summary>
public static class Mutator
{
    public static readonly string[] Kinds =
    [
        "byte-flip", "truncate", "invalid-utf8", "lone-surrogate", "deep-nesting", "huge-string", "wrong-type",
        "nan-infinity", "bom-utf16", "null-value", "gzip-damage", "delete-span", "duplicate-span", "control-chars",
    ];

    /// <summary>Mutation <paramref name="kind"/> of <paramref name="input"/>, chosen by <paramref name="random"/>.</summary>
    public static byte[] Apply(string kind, byte[] input, Random random) => kind switch
    {
        "byte-flip" => FlipBytes(input, random),
        "truncate" => input.Length < 2 ? input : input[..random.Next(1, input.Length)],
        "invalid-utf8" => InsertInString(input, random, Pick<byte[]>(random, [[0xC3, 0x28], [0xFF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82]])),
        "lone-surrogate" => InsertInString(input, random, Encoding.ASCII.GetBytes(Pick(random, ["\\udc00", "\\ud800", "\\ud800x", "\\udfff\\ud800", "\\uZZZZ", "\\"]))),
        "deep-nesting" => ReplaceValue(input, random, Deep(Pick(random, [63, 65, 100, 127, 129, 500, 10_000]), random)),
        "huge-string" => ReplaceValue(input, random, [(byte)'"', .. Enumerable.Repeat((byte)'x', Pick(random, [70_000, 200_000])), (byte)'"']),
        "wrong-type" => ReplaceValue(input, random, Encoding.ASCII.GetBytes(Pick(random, ["123", "true", "[]", "{}", "[1,\"a\",{}]", "\"\"", "-1", "{\"a\":[]}"]))),
        "nan-infinity" => ReplaceValue(input, random, Encoding.ASCII.GetBytes(Pick(random, ["NaN", "1e999", "-1e999", "Infinity", "1e-999", "-0", "99999999999999999999999", "0.0000001", "1E400"]))),
        "bom-utf16" => random.Next(3) switch
        {
            0 => [0xEF, 0xBB, 0xBF, .. input],
            1 => [0xFF, 0xFE, .. Encoding.Convert(Encoding.UTF8, Encoding.Unicode, input)],
            _ => [0xFE, 0xFF, .. Encoding.Convert(Encoding.UTF8, Encoding.BigEndianUnicode, input)],
        },
        "null-value" => ReplaceValue(input, random, "null"u8.ToArray()),
        "gzip-damage" => DamageGzip(input, random),
        "delete-span" => DeleteSpan(input, random),
        "duplicate-span" => DuplicateSpan(input, random),
        "control-chars" => InsertInString(input, random, [Pick(random, new byte[] { 0x00, 0x01, 0x0A, 0x1F, 0x7F })]),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static T Pick<T>(Random random, T[] choices) => choices[random.Next(choices.Length)];

    private static byte[] FlipBytes(byte[] input, Random random)
    {
        var copy = (byte[])input.Clone();
        int flips = 1 + random.Next(4);
        for (int i = 0; i < flips && copy.Length > 0; i++)
        {
            copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        }

        return copy;
    }

    /// <summary>Inserts <paramref name="bytes"/> just after a random double quote (usually inside a string or a key).</summary>
    private static byte[] InsertInString(byte[] input, Random random, byte[] bytes)
    {
        int at = RandomIndexOf(input, (byte)'"', random);
        return at < 0 ? [.. input, .. bytes] : [.. input.AsSpan(0, at + 1), .. bytes, .. input.AsSpan(at + 1)];
    }

    /// <summary>Replaces the value after a random colon (up to the next comma or closing bracket) with <paramref name="value"/>.</summary>
    private static byte[] ReplaceValue(byte[] input, Random random, byte[] value)
    {
        int colon = RandomIndexOf(input, (byte)':', random);
        if (colon < 0)
        {
            return [.. input, .. value];
        }

        int end = ValueEnd(input, colon + 1);
        return [.. input.AsSpan(0, colon + 1), .. value, .. input.AsSpan(end)];
    }

    /// <summary>Where the JSON value starting at <paramref name="from"/> ends: brackets and strings followed, best effort.</summary>
    private static int ValueEnd(byte[] input, int from)
    {
        int depth = 0;
        bool inString = false;
        for (int i = from; i < input.Length; i++)
        {
            byte b = input[i];
            if (inString)
            {
                if (b == (byte)'\\')
                {
                    i++;
                }
                else if (b == (byte)'"')
                {
                    inString = false;
                    if (depth == 0)
                    {
                        return i + 1;
                    }
                }
            }
            else if (b == (byte)'"')
            {
                inString = true;
            }
            else if (b is (byte)'{' or (byte)'[')
            {
                depth++;
            }
            else if (b is (byte)'}' or (byte)']')
            {
                if (depth == 0)
                {
                    return i;
                }

                if (--depth == 0)
                {
                    return i + 1;
                }
            }
            else if (b == (byte)',' && depth == 0)
            {
                return i;
            }
        }

        return input.Length;
    }

    private static byte[] Deep(int levels, Random random)
    {
        bool arrays = random.Next(2) == 0;
        var text = new StringBuilder((levels * 6) + 2);
        for (int i = 0; i < levels; i++)
        {
            text.Append(arrays ? "[" : "{\"k\":");
        }

        text.Append("\"leaf\"").Append(arrays ? ']' : '}', levels);
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    private static byte[] DamageGzip(byte[] input, Random random)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(input);
        }

        byte[] gz = output.ToArray();
        if (gz.Length < 2)
        {
            return [0x1F, 0x8B, .. gz]; // nothing written: a bare gzip signature
        }

        return random.Next(5) switch
        {
            0 => gz[..random.Next(0, Math.Min(21, gz.Length))],
            1 => gz[..random.Next(1, gz.Length)],
            2 => FlipBytes(gz, random),
            3 => [.. gz, .. gz[..random.Next(1, gz.Length)]],
            _ => [.. gz, .. gz],
        };
    }

    private static byte[] DeleteSpan(byte[] input, Random random)
    {
        int start = random.Next(input.Length);
        int length = Math.Min(input.Length - start, 1 + random.Next(64));
        return [.. input.AsSpan(0, start), .. input.AsSpan(start + length)];
    }

    private static byte[] DuplicateSpan(byte[] input, Random random)
    {
        int start = random.Next(input.Length);
        int length = Math.Min(input.Length - start, 1 + random.Next(256));
        return [.. input.AsSpan(0, start + length), .. input.AsSpan(start, length), .. input.AsSpan(start + length)];
    }

    private static int RandomIndexOf(byte[] input, byte value, Random random)
    {
        int count = input.AsSpan().Count(value);
        if (count == 0)
        {
            return -1;
        }

        int nth = random.Next(count);
        for (int i = 0; i < input.Length; i++)
        {
            if (input[i] == value && nth-- == 0)
            {
                return i;
            }
        }

        return -1;
    }
}
