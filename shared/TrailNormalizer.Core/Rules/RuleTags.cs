namespace TrailNormalizer.Core.Rules;

/// <summary>
/// Reads the project's custom tag namespaces: <c>incident.logging_tamper</c> → category <c>logging-tamper</c>;
/// <c>soc2.cc7_2</c> → <c>soc2:CC7.2</c>; <c>iso27001_2013.a_12_4_2</c> → <c>iso27001-2013:A.12.4.2</c>;
/// <c>iso27001_2022.a_8_15</c> → <c>iso27001-2022:A.8.15</c>; and the Sigma convention's ATT&amp;CK technique tags,
/// <c>attack.t1562.008</c> → <c>T1562.008</c> (tactic tags such as <c>attack.defense-evasion</c> are not techniques).
/// </summary>
public static class RuleTags
{
    /// <summary>The namespace of incident-category tags.</summary>
    public const string IncidentNamespace = "incident";

    /// <summary>Tag namespaces that name a control framework (as written in tags).</summary>
    public static IReadOnlyList<string> ControlNamespaces { get; } = ["soc2", "iso27001_2013", "iso27001_2022"];

    /// <summary>The incident category of a tag, or null when the tag is not <c>incident.*</c>.</summary>
    public static string? Category(string tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        string? rest = After(tag, IncidentNamespace);
        return string.IsNullOrEmpty(rest) ? null : rest.Replace('_', '-').ToLowerInvariant();
    }

    /// <summary>The control of a tag, or null when the tag's namespace is not a control framework.</summary>
    public static SigmaControl? Control(string tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        foreach (string ns in ControlNamespaces)
        {
            string? rest = After(tag, ns);
            if (!string.IsNullOrEmpty(rest))
            {
                return new SigmaControl(ns.Replace('_', '-'), rest.Replace('_', '.').ToUpperInvariant());
            }
        }

        return null;
    }

    /// <summary>The distinct categories among tags, in order.</summary>
    public static IReadOnlyList<string> Categories(IEnumerable<string> tags) =>
        tags.Select(Category).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>The distinct controls among tags, in order.</summary>
    public static IReadOnlyList<SigmaControl> Controls(IEnumerable<string> tags) =>
        tags.Select(Control).OfType<SigmaControl>().Distinct().ToArray();

    /// <summary>The ATT&amp;CK technique of a tag (<c>attack.t1098.001</c> → <c>T1098.001</c>), or null when the tag names none.</summary>
    public static string? AttackTechnique(string tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        string? rest = After(tag, "attack");
        if (rest is not { Length: >= 5 } || (rest[0] != 't' && rest[0] != 'T'))
        {
            return null;
        }

        string[] parts = rest[1..].Split('.');
        bool wellFormed = parts.Length <= 2 && parts[0].Length == 4 && parts.All(p => p.Length > 0 && p.All(char.IsAsciiDigit))
            && (parts.Length == 1 || parts[1].Length == 3);
        return wellFormed ? "T" + rest[1..] : null;
    }

    /// <summary>The distinct ATT&amp;CK techniques among tags, in order.</summary>
    public static IReadOnlyList<string> AttackTechniques(IEnumerable<string> tags) =>
        tags.Select(AttackTechnique).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();

    private static string? After(string tag, string ns) =>
        tag.Length > ns.Length + 1 && tag[ns.Length] == '.' && tag.StartsWith(ns, StringComparison.OrdinalIgnoreCase)
            ? tag[(ns.Length + 1)..]
            : null;
}
