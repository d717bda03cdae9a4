namespace TrailNormalizer.Core.Tests.Rules.Catalogue;

/// <summary><c>schemas/controls.json</c> is well formed and names each ISO clause by the standard's own title.</summary>
public sealed class ControlCatalogueTests
{
    private static ControlCatalogue Catalogue => ControlCatalogue.Shared;

    [Fact]
    public void Knows_the_three_frameworks_and_their_tag_namespaces() =>
        Catalogue.FrameworkTags.Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["soc2"] = "soc2",
            ["iso27001-2013"] = "iso27001_2013",
            ["iso27001-2022"] = "iso27001_2022",
        });

    [Fact]
    public void Every_control_has_a_known_framework_a_well_formed_id_a_title_and_a_source()
    {
        foreach (var control in Catalogue.Controls)
        {
            Catalogue.FrameworkTags.Should().ContainKey(control.Framework);
            control.Id.Should().MatchRegex(control.Framework == "soc2" ? @"^CC\d+\.\d+$" : @"^A\.\d+(\.\d+){1,2}$");
            control.Title.Should().NotBeNullOrWhiteSpace();
            control.Source.Should().NotBeNullOrWhiteSpace();
        }
    }

    [Fact]
    public void Controls_are_unique() =>
        Catalogue.Controls.GroupBy(c => (c.Framework, c.Id)).Where(g => g.Count() > 1).Select(g => g.Key).Should().BeEmpty();

    [Fact]
    public void Iso_clause_titles_are_the_standards_own()
    {
        foreach (var ((framework, id), title) in DesignCategories.IsoTitles)
        {
            Catalogue.Controls.Should().ContainSingle(c => c.Framework == framework && c.Id == id, "{0} {1} must be catalogued", framework, id)
                .Which.Title.Should().Be(title);
        }
    }

    [Fact]
    public void Every_category_control_and_every_rule_control_is_catalogued()
    {
        var known = Catalogue.Controls.Select(c => (c.Framework, c.Id)).ToHashSet();
        foreach (var category in Catalogue.Categories)
        {
            foreach (var (framework, ids) in category.Controls)
            {
                ids.Where(id => !known.Contains((framework, id))).Should().BeEmpty("category {0} names only catalogued controls", category.Id);
            }
        }

        var tags = Catalogue.ByTag();
        string[] controlNamespaces = ["soc2.", "iso27001_2013.", "iso27001_2022."];
        RuleFiles.All.SelectMany(r => r.Tags).Where(t => controlNamespaces.Any(ns => t.StartsWith(ns, StringComparison.Ordinal)))
            .Where(t => !tags.ContainsKey(t)).Should().BeEmpty();
    }

    [Fact]
    public void Event_logging_and_evidence_controls_are_catalogued()
    {
        Catalogue.Controls.Should().Contain(c => c.Framework == "iso27001-2013" && c.Id == "A.12.4.1");
        Catalogue.Controls.Should().Contain(c => c.Framework == "iso27001-2013" && c.Id == "A.16.1.7");
        Catalogue.Controls.Should().Contain(c => c.Framework == "iso27001-2022" && c.Id == "A.5.28");
    }

    [Fact]
    public void Tag_spelling_is_lower_case_with_underscores()
    {
        Catalogue.TagOf("soc2", "CC7.2").Should().Be("soc2.cc7_2");
        Catalogue.TagOf("iso27001-2013", "A.12.4.2").Should().Be("iso27001_2013.a_12_4_2");
        Catalogue.TagOf("iso27001-2022", "A.8.15").Should().Be("iso27001_2022.a_8_15");
    }
}
