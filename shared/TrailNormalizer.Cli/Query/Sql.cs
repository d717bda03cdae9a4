namespace TrailNormalizer.Cli.Query;

/// <summary>SQL text helpers for the few values that cannot be bound as parameters (file paths in view definitions).</summary>
internal static class Sql
{
    /// <summary>A single-quoted SQL string literal.</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
