using TrailNormalizer.Core.Mapping;

namespace TrailNormalizer.Core.Rules.Escalation;

/// <summary>When a tagged event escalates to an OCSF Detection Finding, and who else hears about it.</summary>
public sealed class EscalationOptions
{
    /// <summary>The default threshold: rules of level <c>high</c> or <c>critical</c> escalate.</summary>
    public const string DefaultLevel = "high";

    /// <summary>Rules whose level reaches this OCSF severity_id escalate (high = 4).</summary>
    public int MinimumSeverityId { get; init; } = SigmaLevel.ToSeverityId(DefaultLevel);

    /// <summary>Called with each new finding after it was handed to evidence storage (CLI NDJSON output, a publisher). Exceptions are not caught.</summary>
    public Action<NormalizedEvent>? OnFinding { get; init; }

    /// <summary>
    /// Reads an escalation-level setting (an adapter's <c>TRAILNORM_ESCALATION_LEVEL</c>): unset means the default level,
    /// <c>none</c> turns escalation off (null options), a Sigma level name sets the threshold; anything else is a problem.
    /// </summary>
    public static bool TryParseSetting(string? text, out EscalationOptions? options, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            options = new EscalationOptions();
            return true;
        }

        if (string.Equals(text.Trim(), "none", StringComparison.OrdinalIgnoreCase))
        {
            options = null;
            return true;
        }

        if (TryForLevel(text.Trim().ToLowerInvariant(), out var level))
        {
            options = level;
            return true;
        }

        options = null;
        problem = $"'{text}' is not a rule level (informational, low, medium, high, critical or none)";
        return false;
    }

    /// <summary>Options for a Sigma level name (informational, low, medium, high, critical); false for any other text.</summary>
    public static bool TryForLevel(string? level, out EscalationOptions options)
    {
        int severity = SigmaLevel.ToSeverityId(level);
        options = new EscalationOptions { MinimumSeverityId = severity };
        return severity != 0;
    }
}
