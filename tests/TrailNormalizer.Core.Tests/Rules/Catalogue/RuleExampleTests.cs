using System.Text.Json;

namespace TrailNormalizer.Core.Tests.Rules.Catalogue;

/// <summary>Every built-in rule has match and no-match example records in <c>tests/fixtures/rules/&lt;stem&gt;/</c>, and every example folder belongs to a rule.</summary>
public sealed class RuleExampleTests
{
    [Theory]
    [MemberData(nameof(RuleTheoryData.Rules), MemberType = typeof(RuleTheoryData))]
    public void Has_match_and_nomatch_examples(string rule)
    {
        var folder = Path.Combine(RuleFiles.ExamplesDirectory, RuleTheoryData.Get(rule).Stem);
        Directory.Exists(folder).Should().BeTrue("{0} needs an example folder {1}", rule, folder);
        Directory.EnumerateFiles(folder, "match-*.json").Should().NotBeEmpty("{0} needs a match example", rule);
        Directory.EnumerateFiles(folder, "nomatch-*.json").Should().NotBeEmpty("{0} needs a nomatch example", rule);
    }

    [Fact]
    public void Every_example_folder_belongs_to_a_rule_and_holds_only_examples()
    {
        var stems = RuleFiles.All.Select(r => r.Stem).ToHashSet(StringComparer.Ordinal);
        foreach (var folder in Directory.EnumerateDirectories(RuleFiles.ExamplesDirectory))
        {
            stems.Should().Contain(Path.GetFileName(folder), "example folder {0} has no rule", folder);
            foreach (var file in Directory.EnumerateFiles(folder))
            {
                Path.GetFileName(file).Should().MatchRegex(@"^(match|nomatch)-\d+\.json$");
            }
        }
    }

    [Fact]
    public void Every_example_is_one_json_object()
    {
        foreach (var file in Directory.EnumerateFiles(RuleFiles.ExamplesDirectory, "*.json", SearchOption.AllDirectories))
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            doc.RootElement.ValueKind.Should().Be(JsonValueKind.Object, "{0} must hold one source record", file);
        }
    }

    [Theory]
    [MemberData(nameof(RuleTheoryData.Rules), MemberType = typeof(RuleTheoryData))]
    public void Examples_are_records_of_the_rules_logsource(string rule)
    {
        var file = RuleTheoryData.Get(rule);
        var marker = file.Scalar("logsource", "service") switch
        {
            "cloudtrail" => "eventSource",
            "eventgrid" => "eventType",
            "eventbridge" => "detail-type",
            _ => "operationName",
        };
        foreach (var example in Directory.EnumerateFiles(Path.Combine(RuleFiles.ExamplesDirectory, file.Stem), "*.json"))
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(example));
            doc.RootElement.TryGetProperty(marker, out _).Should().BeTrue("{0} should be a {1} record (has '{2}')", example, file.Scalar("logsource", "service"), marker);
        }
    }
}
