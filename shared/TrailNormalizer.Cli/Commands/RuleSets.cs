using TrailNormalizer.Core.Rules;

namespace TrailNormalizer.Cli.Commands;

/// <summary>Loads the built-in rules plus user rule folders, reporting rules that do not load on stderr.</summary>
internal static class RuleSets
{
    public static SigmaRuleSet Load(CliConsole console, bool builtIn, string[] paths)
    {
        foreach (string path in paths.Where(p => !File.Exists(p) && !Directory.Exists(p)))
        {
            throw new CliException($"rules not found: {path}");
        }

        var user = paths.Length > 0 ? SigmaRuleLoader.Load(paths) : SigmaRuleSet.Empty;
        foreach (var diagnostic in user.Diagnostics)
        {
            console.Error.WriteLine($"rules: skipped: {diagnostic}");
        }

        return builtIn ? SigmaRuleSet.Combine(BuiltInRules.Load(), user) : user;
    }
}
