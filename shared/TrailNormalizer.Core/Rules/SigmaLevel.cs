namespace TrailNormalizer.Core.Rules;

/// <summary>Sigma rule levels and their OCSF <c>severity_id</c>.</summary>
public static class SigmaLevel
{
    /// <summary>informational 1, low 2, medium 3, high 4, critical 5; 0 (Unknown) for a missing or other level.</summary>
    public static int ToSeverityId(string? level) => level?.ToUpperInvariant() switch
    {
        "INFORMATIONAL" => 1,
        "LOW" => 2,
        "MEDIUM" => 3,
        "HIGH" => 4,
        "CRITICAL" => 5,
        _ => 0,
    };

    /// <summary>Whether a level is one the Sigma specification names.</summary>
    public static bool IsKnown(string? level) => ToSeverityId(level) != 0;
}
