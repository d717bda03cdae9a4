using System.Globalization;
using System.Text.Json;

namespace TrailNormalizer.Core.Ocsf;

/// <summary>Parses source timestamps into OCSF <c>timestamp_t</c> (epoch milliseconds, UTC).</summary>
public static class OcsfTime
{
    private static readonly string[] LooseFormats =
    [
        "MMM d, yyyy, h:mm:ss tt",   // CloudTrail's credentials.expiration: "Mar 14, 2026, 10:26:53 AM"
        "MMM d, yyyy h:mm:ss tt",
    ];

    /// <summary>.NET's invariant "general" form that Azure resource logs (Notification Hubs) write: <c>1/9/2007 10:41:00 AM +01:00</c>.</summary>
    private static readonly string[] InvariantGeneralFormats =
    [
        "M/d/yyyy h:mm:ss tt zzz",
        "M/d/yyyy h:mm:ss tt",
        "M/d/yyyy H:mm:ss zzz",
        "M/d/yyyy H:mm:ss",
    ];

    /// <summary>ISO 8601 basic format (no separators): <c>20131102T010628Z</c>, with a fraction or an offset (<c>+0100</c>).</summary>
    private static readonly string[] BasicFormats =
    [
        "yyyyMMdd'T'HHmmssK",
        "yyyyMMdd'T'HHmmss.FFFFFFFK",
        "yyyyMMdd'T'HHmmsszzz",
        "yyyyMMdd'T'HHmmss.FFFFFFFzzz",
        "yyyyMMdd'T'HHmmK",
    ];

    /// <summary>The most fraction-of-second digits .NET parses; sources write up to 9 (nanoseconds).</summary>
    private const int MaxFractionDigits = 7;

    /// <summary>ISO 8601 / RFC 3339 text to epoch ms; null when it is not a timestamp with a date.</summary>
    public static long? ParseIso(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length < 10 || !char.IsDigit(text[0]))
        {
            return null;
        }

        if (TryParseCompactUtc(text) is long fast)
        {
            return fast;
        }

        if (text[4] != '-' || text[7] != '-')
        {
            return ParseBasic(text); // "20131102T010628Z"; a bare "20260314" or an epoch number is not read as a timestamp
        }

        string trimmed = TrimFraction(text);
        return DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t.ToUnixTimeMilliseconds()
            : null;
    }

    /// <summary>
    /// Every timestamp form the sources write, to epoch ms: ISO 8601 / RFC 3339 (T or space separator,
    /// up to 9 fraction digits, no zone = UTC), .NET's invariant general form (<c>1/9/2007 10:41:00 AM +01:00</c>),
    /// CloudTrail's English long form, and epoch numbers as text (seconds, ms, µs or ns by magnitude).
    /// Null when it is none of these: callers substitute the received time with a label, or quarantine.
    /// </summary>
    public static long? ParseAny(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        if (ParseLoose(text) is long known)
        {
            return known;
        }

        if (DateTimeOffset.TryParseExact(text, InvariantGeneralFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var general))
        {
            return general.ToUnixTimeMilliseconds();
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long epoch) ? FromEpoch(epoch) : null;
    }

    /// <summary>A JSON timestamp: a string in any form <see cref="ParseAny(string?)"/> reads, or an epoch number.</summary>
    public static long? ParseAny(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => ParseAny(value.GetString()),
        JsonValueKind.Number when value.TryGetInt64(out long epoch) && epoch >= 0 => FromEpoch(epoch),
        JsonValueKind.Number when value.TryGetDouble(out double seconds) && seconds >= 0 && seconds < 1e11 => (long)(seconds * 1000),
        _ => null,
    };

    /// <summary>
    /// An epoch count to ms, its unit told by magnitude: below 1e11 seconds (until 5138), below 1e14 ms,
    /// below 1e17 µs, else ns. Zero is no time at all.
    /// </summary>
    public static long? FromEpoch(long value) => value switch
    {
        <= 0 => null,
        < 100_000_000_000L => value * 1000,
        < 100_000_000_000_000L => value,
        < 100_000_000_000_000_000L => value / 1000,
        _ => value / 1_000_000,
    };

    /// <summary>Drops fraction-of-second digits beyond the 7 .NET reads (truncating, never rounding into the next second).</summary>
    internal static string TrimFraction(string text, int dateLength = 10)
    {
        int dot = text.IndexOf('.', dateLength);
        if (dot < 0)
        {
            return text;
        }

        int end = dot + 1;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        int digits = end - dot - 1;
        return digits <= MaxFractionDigits ? text : string.Concat(text.AsSpan(0, dot + 1 + MaxFractionDigits), text.AsSpan(end));
    }

    /// <summary>ISO 8601 basic format (<c>yyyyMMddTHHmmss</c>, optional fraction, <c>Z</c> or an offset; no zone = UTC), else null.</summary>
    private static long? ParseBasic(string text)
    {
        if (text.Length < 13 || text[8] != 'T' || text.AsSpan(0, 8).ContainsAnyExceptInRange('0', '9'))
        {
            return null;
        }

        return DateTimeOffset.TryParseExact(TrimFraction(text, 8), BasicFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t.ToUnixTimeMilliseconds()
            : null;
    }

    /// <summary>The common case, exactly <c>yyyy-MM-ddTHH:mm:ssZ</c> (CloudTrail, EventBridge), without the general parser.</summary>
    private static long? TryParseCompactUtc(string t)
    {
        if (t.Length != 20 || t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' || t[16] != ':' || t[19] != 'Z')
        {
            return null;
        }

        int year = Digits(t, 0, 4), month = Digits(t, 5, 2), day = Digits(t, 8, 2);
        int hour = Digits(t, 11, 2), minute = Digits(t, 14, 2), second = Digits(t, 17, 2);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour is < 0 or > 23 || minute is < 0 or > 59 || second is < 0 or > 59)
        {
            return null;
        }

        return new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero).ToUnixTimeMilliseconds();
    }

    private static int Digits(string t, int start, int count)
    {
        int value = 0;
        for (int i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(t[i]))
            {
                return -1;
            }

            value = (value * 10) + (t[i] - '0');
        }

        return value;
    }

    /// <summary>ISO 8601 or CloudTrail's English long form, to epoch ms; null when neither.</summary>
    public static long? ParseLoose(string? text)
    {
        if (ParseIso(text) is long iso)
        {
            return iso;
        }

        return text is not null && DateTime.TryParseExact(text, LooseFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? new DateTimeOffset(t, TimeSpan.Zero).ToUnixTimeMilliseconds()
            : null;
    }
}
