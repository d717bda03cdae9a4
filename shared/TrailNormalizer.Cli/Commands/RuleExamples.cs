namespace TrailNormalizer.Cli.Commands;

/// <summary>Where <c>rules test</c> finds the rules and their examples when it is not told.</summary>
internal static class RuleExamples
{
    private static readonly string BuiltInRules = Path.Combine("schemas", "rules");
    private static readonly string BuiltInExamples = Path.Combine("tests", "fixtures", "rules");

    /// <summary><c>schemas/rules</c> in the current folder or the nearest folder above it that has one.</summary>
    public static string DefaultRules() =>
        Nearest(Directory.GetCurrentDirectory(), BuiltInRules)
        ?? throw new CliException($"no {BuiltInRules} here or above {Directory.GetCurrentDirectory()}; give the RULES folder (and --examples DIR)", ExitCodes.Usage);

    /// <summary><c>RULES/examples</c> when it exists, else <c>tests/fixtures/rules</c> in the nearest folder above RULES that has one.</summary>
    public static string DefaultExamples(string rules)
    {
        string start = Path.GetFullPath(rules);
        string beside = Path.Combine(Directory.Exists(start) ? start : Path.GetDirectoryName(start)!, "examples");
        return Directory.Exists(beside)
            ? beside
            : Nearest(start, BuiltInExamples) ?? throw new CliException($"no examples found for {rules} (no examples/ in it, no {BuiltInExamples} above it); give --examples DIR", ExitCodes.Usage);
    }

    private static string? Nearest(string start, string relative)
    {
        for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
        {
            string candidate = Path.Combine(folder.FullName, relative);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
