using TrailNormalizer.Core.Rules;
using TrailNormalizer.Core.Rules.Coverage;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Core.Tests.Rules.Coverage;

/// <summary><c>docs/coverage.md</c> is what <c>trailnorm rules coverage</c> generates from the built-in rules, and the technique list is complete and consistent.</summary>
public sealed class AttackCoverageReportTests
{
    private static readonly Lazy<AttackCoverageReport> Report = new(() => AttackCoverageReport.Build(BuiltInRules.Load(), AttackCatalogue.LoadBuiltIn()));

    [Fact]
    public void Regenerating_docs_coverage_gives_the_committed_file()
    {
        string committed = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "coverage.md")).ReplaceLineEndings("\n");
        Report.Value.ToMarkdown().Should().Be(committed, "regenerate with: trailnorm rules coverage --out docs/coverage.md");
    }

    [Fact]
    public void The_embedded_technique_list_is_the_schemas_file()
    {
        var file = AttackCatalogue.Load(Path.Combine(RepoPaths.Root, "schemas", "attack", "techniques.json"));
        AttackCatalogue.LoadBuiltIn().Techniques.Should().BeEquivalentTo(file.Techniques);
    }

    [Fact]
    public void Every_tagged_technique_is_listed() => Report.Value.UnknownTechniques.Should().BeEmpty();

    [Fact]
    public void A_technique_has_rules_or_a_reason_but_not_both()
    {
        foreach (var t in Report.Value.Techniques)
        {
            (t.HasRule ^ t.Technique.Reason is not null).Should().BeTrue("{0} needs either a rule or a reason why audit events cannot show it", t.Technique.Id);
        }
    }

    [Fact]
    public void Technique_ids_are_well_formed_and_unique()
    {
        var ids = AttackCatalogue.LoadBuiltIn().Techniques.Select(t => t.Id).ToList();
        ids.Should().OnlyHaveUniqueItems();
        ids.Should().AllSatisfy(id => id.Should().MatchRegex(@"^T\d{4}(\.\d{3})?$"));
    }

    [Fact]
    public void Every_rule_without_a_technique_says_why()
    {
        var reasons = Report.Value.Catalogue.RulesWithoutTechnique;
        Report.Value.RulesWithoutTechnique.Select(AttackCoverageReport.Stem).Should().BeEquivalentTo(reasons.Keys);
    }

    [Fact]
    public void At_least_sixty_techniques_have_rules_and_forty_on_both_clouds()
    {
        var covered = Report.Value.Techniques.Where(t => t.HasRule).ToList();
        covered.Count.Should().BeGreaterThanOrEqualTo(60);
        covered.Count(t => t.AwsRules.Count > 0 && t.AzureRules.Count > 0).Should().BeGreaterThanOrEqualTo(40);
    }

    [Fact]
    public void A_technique_row_names_its_rules_categories_and_controls()
    {
        var row = Report.Value.ToMarkdown().Split('\n').Single(l => l.StartsWith("| T1562.008 ", StringComparison.Ordinal));
        row.Should().Contain("`aws_cloudtrail_trail_stopped_or_deleted`").And.Contain("`azure_diagnostic_setting_deleted`")
            .And.Contain("logging-tamper").And.Contain("iso27001-2022:A.8.15");
    }

    [Theory]
    [InlineData("attack.t1562.008", "T1562.008")]
    [InlineData("attack.t1651", "T1651")]
    [InlineData("attack.T1098.001", "T1098.001")]
    [InlineData("attack.defense-evasion", null)]
    [InlineData("attack.t15", null)]
    [InlineData("attack.t1562.8", null)]
    [InlineData("incident.logging_tamper", null)]
    public void Reads_attack_technique_tags(string tag, string? technique) => RuleTags.AttackTechnique(tag).Should().Be(technique);

    [Fact]
    public void Technique_ids_sort_numerically()
    {
        string[] ids = ["T1562.008", "T1098", "T1562.001", "T1078.004", "T1098.001"];
        ids.Order(TechniqueIdComparer.Instance).Should().Equal("T1078.004", "T1098", "T1098.001", "T1562.001", "T1562.008");
    }
}
