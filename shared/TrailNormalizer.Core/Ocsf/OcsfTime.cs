using System.Globalization;

namespace TrailNormalizer.Core.Ocsf;

/// <summary>Parses source timestamps into OCSF <c>timestamp_t</c> (epoch milliseconds, UTC).</summary>
public static class OcsfTime
{
    private static readonly string[] LooseFormats =
    [
        "MMM d, yyyy, h:mm:ss tt",   // CloudTrail's credentials.expiration: "Mar 14, 2026, 10:26:53 AM"
        "MMM d, yyyy h:mm:ss tt",
    ];

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

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
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
