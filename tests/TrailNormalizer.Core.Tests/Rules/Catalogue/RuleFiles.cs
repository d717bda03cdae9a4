using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Core.Tests.Rules.Catalogue;

/// <summary>The built-in rule set (<c>schemas/rules/**.yml</c>) and its examples (<c>tests/fixtures/rules/</c>), loaded once.</summary>
public static class RuleFiles
{
    private static readonly Lazy<IReadOnlyList<RuleFile>> Loaded = new(() =>
        System.IO.Directory.EnumerateFiles(Directory, "*.yml", SearchOption.AllDirectories)
            .Concat(System.IO.Directory.EnumerateFiles(Directory, "*.yaml", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal)
            .Select(RuleFile.Load)
            .ToList());

    public static string Directory => Path.Combine(RepoPaths.Root, "schemas", "rules");

    public static string ExamplesDirectory => Path.Combine(RepoPaths.Fixtures, "rules");

    public static IReadOnlyList<RuleFile> All => Loaded.Value;

    /// <summary>The clouds rules are written for, by folder, and the Sigma <c>logsource.product</c> each implies.</summary>
    public static IReadOnlyDictionary<string, string> CloudProducts { get; } =
        new Dictionary<string, string>(StringComparer.Ordinal) { ["aws"] = "aws", ["azure"] = "azure" };

    /// <summary>The <c>logsource.service</c> values the engine routes, per product.</summary>
    public static IReadOnlyDictionary<string, string[]> ProductServices { get; } =
        new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["aws"] = ["cloudtrail", "eventbridge"],
            ["azure"] = ["activitylogs", "eventgrid", "signinlogs", "auditlogs"],
        };
}
