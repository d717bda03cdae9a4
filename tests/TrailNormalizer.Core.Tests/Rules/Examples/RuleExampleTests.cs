using System.Text.Json;
using TrailNormalizer.Core.Rules;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Core.Tests.Rules.Examples;

/// <summary>Every built-in rule against its own examples (tests/fixtures/rules/&lt;rule&gt;/match-*.json and nomatch-*.json), through the real engine.</summary>
public class RuleExampleTests
{
    private static readonly Lazy<SigmaRuleSet> BuiltIn = new(() => SigmaRuleLoader.Load([Path.Combine(RepoPaths.Root, "schemas", "rules")]));

    public static TheoryData<string, string> Examples()
    {
        var data = new TheoryData<string, string>();
        foreach (string dir in Directory.EnumerateDirectories(Path.Combine(RepoPaths.Fixtures, "rules")).Order(StringComparer.Ordinal))
        {
            foreach (string file in Directory.EnumerateFiles(dir, "*.json").Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetFileName(dir), Path.GetFileName(file));
            }
        }

        return data;
    }

    [Fact]
    public void The_built_in_rules_load_without_diagnostics()
    {
        BuiltIn.Value.Diagnostics.Should().BeEmpty();
        BuiltIn.Value.Rules.Should().HaveCountGreaterThan(50);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Rule_matches_its_match_examples_and_not_its_near_misses(string rule, string example)
    {
        var sigma = BuiltIn.Value.Rules.SingleOrDefault(r => Path.GetFileNameWithoutExtension(r.FilePath) == rule);
        sigma.Should().NotBeNull($"schemas/rules has a rule file {rule}.yml");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RepoPaths.Fixtures, "rules", rule, example)));

        bool matched = sigma!.Matches(doc.RootElement);

        matched.Should().Be(example.StartsWith("match-", StringComparison.Ordinal));
    }
}
