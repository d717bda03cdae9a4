namespace TrailNormalizer.Core.Tests.Rules.Catalogue;

/// <summary>Every built-in rule carries the Sigma metadata the project requires, with valid values.</summary>
public sealed class RuleMetadataTests
{
    private static readonly string[] RequiredScalars = ["title", "id", "status", "description", "author", "date", "level"];
    private static readonly string[] Levels = ["informational", "low", "medium", "high", "critical"];
    private static readonly string[] Statuses = ["stable", "test", "experimental", "deprecated", "unsupported"];

    [Fact]
    public void The_rule_set_is_not_empty() => RuleFiles.All.Should().HaveCountGreaterThan(DesignCategories.Controls.Count * 2);

    [Theory]
    [MemberData(nameof(RuleTheoryData.Rules), MemberType = typeof(RuleTheoryData))]
    public void Has_every_required_field(string rule)
    {
        var file = RuleTheoryData.Get(rule);
        foreach (var key in RequiredScalars)
        {
            file.Scalar(key).Should().NotBeNullOrWhiteSpace("{0} needs a non-empty '{1}'", rule, key);
        }

        file.Node("logsource").Should().BeOfType<YamlDotNet.RepresentationModel.YamlMappingNode>("{0} needs a logsource", rule);
        file.Node("detection").Should().BeOfType<YamlDotNet.RepresentationModel.YamlMappingNode>("{0} needs a detection", rule);
        file.Scalar("detection", "condition").Should().NotBeNullOrWhiteSpace("{0} needs detection.condition", rule);
        file.Node("falsepositives").Should().BeOfType<YamlDotNet.RepresentationModel.YamlSequenceNode>("{0} needs falsepositives", rule);
        file.Node("tags").Should().BeOfType<YamlDotNet.RepresentationModel.YamlSequenceNode>("{0} needs tags", rule);
    }

    [Theory]
    [MemberData(nameof(RuleTheoryData.Rules), MemberType = typeof(RuleTheoryData))]
    public void Has_valid_level_status_author_and_date(string rule)
    {
        var file = RuleTheoryData.Get(rule);
        file.Scalar("level").Should().BeOneOf(Levels);
        file.Scalar("status").Should().BeOneOf(Statuses);
        file.Scalar("author").Should().StartWith("TrailNormalizer");
        file.Scalar("date").Should().MatchRegex(@"^\d{4}-\d{2}-\d{2}$");
    }

    [Theory]
    [MemberData(nameof(RuleTheoryData.Rules), MemberType = typeof(RuleTheoryData))]
    public void Logsource_fits_the_cloud_folder(string rule)
    {
        var file = RuleTheoryData.Get(rule);
        RuleFiles.CloudProducts.Should().ContainKey(file.Cloud, "{0} must sit in schemas/rules/<cloud>/<category>/", rule);
        var product = file.Scalar("logsource", "product");
        product.Should().Be(RuleFiles.CloudProducts[file.Cloud]);
        file.Scalar("logsource", "service").Should().BeOneOf(RuleFiles.ProductServices[product!]);
    }

    [Fact]
    public void Ids_are_uuids_and_unique()
    {
        var ids = RuleFiles.All.Select(r => (Rule: r.ToString(), Id: r.Scalar("id") ?? "")).ToList();
        ids.Where(x => !Guid.TryParseExact(x.Id, "D", out _)).Select(x => x.Rule).Should().BeEmpty("every id must be a UUID (8-4-4-4-12)");
        ids.GroupBy(x => x.Id.ToLowerInvariant()).Where(g => g.Count() > 1).Select(g => g.Key).Should().BeEmpty("ids must be unique");
    }

    [Fact]
    public void Titles_and_file_stems_are_unique()
    {
        RuleFiles.All.GroupBy(r => r.Scalar("title")).Where(g => g.Count() > 1).Select(g => g.Key).Should().BeEmpty();
        RuleFiles.All.GroupBy(r => r.Stem).Where(g => g.Count() > 1).Select(g => g.Key).Should().BeEmpty();
    }

    [Fact]
    public void File_stems_start_with_their_cloud() =>
        RuleFiles.All.Where(r => !r.Stem.StartsWith(r.Cloud + "_", StringComparison.Ordinal)).Select(r => r.ToString())
            .Should().BeEmpty();
}
