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

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t.ToUnixTimeMilliseconds()
            : null;
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
