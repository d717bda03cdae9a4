using System.Text;
using System.Text.Json;
using TrailNormalizer.Core.Evidence.Reports;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Core.Tests.Evidence.Reports;

public class ControlCatalogTests
{
    [Fact]
    public void The_embedded_catalogue_is_schemas_controls_json_with_every_control_title_and_category()
    {
        using var file = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RepoPaths.Root, "schemas", "controls.json")));
        var catalog = ControlCatalog.BuiltIn;

        catalog.Controls.Select(c => c.Name).Should().Equal(file.RootElement.GetProperty("controls").EnumerateArray()
            .Select(c => $"{c.GetProperty("framework").GetString()}:{c.GetProperty("id").GetString()}"));
        catalog.Find("soc2:cc7.2")!.Title.Should().StartWith("Monitoring of system components for anomalies");
        catalog.Categories.Select(c => c.Id).Should().Contain("logging-tamper");
        catalog.Categories.Single(c => c.Id == "logging-tamper").Controls.Should().Contain(["soc2:CC7.2", "iso27001-2022:A.8.15"]);
        catalog.FromLabel("control:iso27001-2013:A.12.4.2")!.Title.Should().Be(catalog.Find("iso27001-2013:A.12.4.2")!.Title);
        catalog.FromLabel("incident:logging-tamper").Should().BeNull();
    }

    [Fact]
    public void Controls_and_categories_are_read_generically_so_new_ones_need_no_code()
    {
        var catalog = ControlCatalog.Parse(Encoding.UTF8.GetBytes("""
            {"frameworks":[{"framework":"soc2","title":"TSC"},{"framework":"nist","title":"NIST 800-53"}],
             "controls":[{"framework":"nist","id":"AU-9","title":"Protection of audit information","extra":1}],
             "categories":[{"id":"new-thing","title":"Something new","controls":{"nist":["AU-9"],"soc2":["CC7.2","CC7.3"]}}]}
            """));

        catalog.Frameworks.Keys.Should().Equal("soc2", "nist");
        catalog.Find("NIST:au-9")!.Label.Should().Be("control:nist:AU-9");
        catalog.Categories.Single().Controls.Should().Equal("nist:AU-9", "soc2:CC7.2", "soc2:CC7.3");
        catalog.FromLabel("control:nist:AU-12")!.Title.Should().Be("(not in the control catalogue)");
    }
}
