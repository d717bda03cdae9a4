namespace TrailNormalizer.Core.Tests.Rules.Catalogue;

/// <summary>Rule tags in the project's namespaces name an incident category or a control of <c>schemas/controls.json</c>.</summary>
public sealed class RuleTagTests
{
    private static readonly string[] ProjectNamespaces = ["incident.", "soc2.", "iso27001_2013.", "iso27001_2022."];

    // Standard Sigma namespaces a rule may also use.
    private static readonly string[] SigmaNamespaces = ["attack.", "car.", "cve.", "detection.", "tlp.", "stp."];

    [Theory]
    [MemberData(nameof(RuleTheoryData.Rules), MemberType = typeof(RuleTheoryData))]
    public void Every_tag_is_known(string rule)
    {
        var controls = ControlCatalogue.Shared.ByTag();
        var categories = DesignCategories.Ids.Select(DesignCategories.TagOf).ToHashSet(StringComparer.Ordinal);
        foreach (var tag in RuleTheoryData.Get(rule).Tags)
        {
            tag.Should().Be(tag.ToLowerInvariant(), "tags are lower case ({0})", rule);
            if (tag.StartsWith("incident.", StringComparison.Ordinal))
            {
                categories.Should().Contain(tag, "{0}: '{1}' must name an incident category", rule, tag);
            }
            else if (ProjectNamespaces.Any(ns => tag.StartsWith(ns, StringComparison.Ordinal)))
            {
                controls.Should().ContainKey(tag, "{0}: '{1}' must name a control of schemas/controls.json", rule, tag);
            }
            else
            {
                SigmaNamespaces.Should().Contain(ns => tag.StartsWith(ns, StringComparison.Ordinal), "{0}: '{1}' is in no known namespace", rule, tag);
            }
        }
    }

    [Theory]
    [MemberData(nameof(RuleTheoryData.Rules), MemberType = typeof(RuleTheoryData))]
    public void Names_one_category_matching_its_folder_and_a_control_of_each_framework(string rule)
    {
        var file = RuleTheoryData.Get(rule);
        file.Tags.Where(t => t.StartsWith("incident.", StringComparison.Ordinal)).Should()
            .ContainSingle("{0} needs exactly one incident tag", rule)
            .Which.Should().Be(DesignCategories.TagOf(file.CategoryFolder), "the incident tag must match the category folder");
        foreach (var ns in ProjectNamespaces.Skip(1))
        {
            file.Tags.Should().Contain(t => t.StartsWith(ns, StringComparison.Ordinal), "{0} needs a control tag in '{1}'", rule, ns);
        }
    }

    [Theory]
    [MemberData(nameof(RuleTheoryData.Rules), MemberType = typeof(RuleTheoryData))]
    public void Carries_the_controls_of_its_category(string rule)
    {
        var file = RuleTheoryData.Get(rule);
        var (soc2, iso2013, iso2022) = DesignCategories.Controls[file.CategoryFolder];
        var catalogue = ControlCatalogue.Shared;
        file.Tags.Should().Contain(
        [
            catalogue.TagOf("soc2", soc2),
            catalogue.TagOf("iso27001-2013", iso2013),
            catalogue.TagOf("iso27001-2022", iso2022),
        ]);
    }

    [Fact]
    public void An_unknown_control_id_is_not_in_the_catalogue()
    {
        var controls = ControlCatalogue.Shared.ByTag();
        controls.Should().NotContainKey("iso27001_2022.a_8_99");
        controls.Should().NotContainKey("soc2.cc9_9");
        controls.Should().ContainKey("iso27001_2022.a_8_15");
    }
}
