using System.Reflection;

namespace TrailNormalizer.Core.Rules;

/// <summary>The project's own rule set (schemas/rules), embedded in the Core assembly so every host has it.</summary>
public static class BuiltInRules
{
    private const string Prefix = "rules/";

    /// <summary>Loads the embedded rules; their file paths read <c>builtin:rules/&lt;cloud&gt;/&lt;category&gt;/&lt;name&gt;.yml</c>.</summary>
    public static SigmaRuleSet Load()
    {
        var assembly = typeof(BuiltInRules).Assembly;
        var sets = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return SigmaRuleLoader.LoadText(reader.ReadToEnd(), "builtin:" + n);
            });
        return SigmaRuleSet.Combine(sets.ToArray());
    }
}
