namespace TrailNormalizer.Core.Tests.Rules.Catalogue;

/// <summary>Every incident category (docs/rules.md, "The control catalogue") is covered by built-in rules on both clouds, and the catalogue's categories agree with <see cref="DesignCategories"/>.</summary>
public sealed class CategoryCoverageTests
{
    public static TheoryData<string, string> CategoriesAndClouds()
    {
        var data = new TheoryData<string, string>();
        foreach (var category in DesignCategories.Ids)
        {
            foreach (var cloud in RuleFiles.CloudProducts.Keys)
            {
                data.Add(category, cloud);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CategoriesAndClouds))]
    public void Category_has_a_rule_on_the_cloud(string category, string cloud) =>
        RuleFiles.All.Should().Contain(
            r => r.Cloud == cloud && r.CategoryFolder == category && r.Tags.Contains(DesignCategories.TagOf(category)),
            "incident category {0} needs a {1} rule", category, cloud);

    [Fact]
    public void Rule_folders_are_design_categories() =>
        RuleFiles.All.Select(r => r.CategoryFolder).Distinct().Should().BeSubsetOf(DesignCategories.Ids);

    [Fact]
    public void Catalogue_categories_are_the_design_categories_with_their_controls()
    {
        var catalogue = ControlCatalogue.Shared;
        catalogue.Categories.Select(c => c.Id).Should().BeEquivalentTo(DesignCategories.Ids);
        foreach (var category in catalogue.Categories)
        {
            var (soc2, iso2013, iso2022) = DesignCategories.Controls[category.Id];
            category.Tag.Should().Be(DesignCategories.TagOf(category.Id));
            category.Controls["soc2"].Should().Equal(soc2);
            category.Controls["iso27001-2013"].Should().Equal(iso2013);
            category.Controls["iso27001-2022"].Should().Equal(iso2022);
        }
    }
}
