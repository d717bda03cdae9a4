namespace TrailNormalizer.Core.Rules;

/// <summary>A problem found while loading a rule: the file, the 1-based line and column (0 when unknown) and what is wrong.</summary>
public sealed record RuleDiagnostic(string File, int Line, int Column, string Message)
{
    /// <summary><c>file:line:column: message</c>, the form compilers use.</summary>
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}
