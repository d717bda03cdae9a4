using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace TrailNormalizer.Core.Evidence;

/// <summary>
/// How long evidence objects must stay immutable. Auditors sample a Type II window of up to a year and
/// come back the year after, so the default is 400 days; anything under 90 days is refused.
/// </summary>
public sealed record RetentionPolicy
{
    public const int MinimumDays = 90;
    public const int DefaultDays = 400;

    public RetentionPolicy(int days = DefaultDays)
    {
        if (days < MinimumDays)
        {
            throw new ArgumentOutOfRangeException(nameof(days), days,
                string.Create(CultureInfo.InvariantCulture, $"retention of {days} days is below the {MinimumDays}-day minimum for audit evidence"));
        }

        Days = days;
    }

    public int Days { get; }

    public static RetentionPolicy Default { get; } = new();

    /// <summary>
    /// Reads a number of days from configuration text; false with a <paramref name="problem"/> that completes a sentence
    /// starting with the setting's name ("'a year' is not a whole number of days", "30 is below the 90-day minimum …").
    /// </summary>
    public static bool TryParseDays(string text, [NotNullWhen(true)] out RetentionPolicy? policy, [NotNullWhen(false)] out string? problem)
    {
        policy = null;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int days))
        {
            problem = $"'{text}' is not a whole number of days";
            return false;
        }

        if (days < MinimumDays)
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"{days} is below the {MinimumDays}-day minimum for audit evidence");
            return false;
        }

        policy = new RetentionPolicy(days);
        problem = null;
        return true;
    }

    /// <summary>The retain-until date for an object written at <paramref name="now"/>.</summary>
    public DateTimeOffset RetainUntil(DateTimeOffset now) => now.AddDays(Days);
}
