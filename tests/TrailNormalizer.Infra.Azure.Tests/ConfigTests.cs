using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace TrailNormalizer.Infra.Azure.Tests;

/// <summary>bicepconfig.json makes every rule an error, and nothing needs a registry (bicep runs offline).</summary>
public sealed partial class ConfigTests
{
    private static JsonObject Config => JsonNode.Parse(
        File.ReadAllText(Path.Combine(InfraPaths.AzureDirectory, "bicepconfig.json")),
        documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!.AsObject();

    [Fact]
    public void Every_core_rule_is_an_error()
    {
        var core = Config["analyzers"]!["core"]!;
        var rules = core["rules"]!.AsObject();

        core["enabled"]!.GetValue<bool>().Should().BeTrue();
        rules.Should().HaveCountGreaterThan(50);
        rules.Select(r => (r.Key, Level: (string)r.Value!["level"]!))
            .Should().OnlyContain(r => r.Level == "error");
        rules.Select(r => r.Key).Should().Contain(["use-recent-api-versions", "no-unused-params", "no-hardcoded-env-urls",
            "outputs-should-not-contain-secrets", "use-secure-value-for-secure-inputs", "what-if-short-circuiting"]);
    }

    [Fact]
    public void No_module_comes_from_a_registry()
    {
        Config.ContainsKey("moduleAliases").Should().BeFalse();
        foreach (var file in InfraPaths.BicepFiles())
        {
            foreach (Match module in ModuleReference().Matches(File.ReadAllText(file)))
            {
                module.Groups["path"].Value.Should().StartWith("modules/", $"{InfraPaths.Relative(file)} uses only local modules");
            }
        }
    }

    [Fact]
    public void Suppressions_are_only_for_the_diagnostic_settings_api_version()
    {
        foreach (var file in InfraPaths.BicepFiles())
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].Contains("#disable", StringComparison.Ordinal))
                {
                    lines[i].Trim().Should().Be("#disable-next-line use-recent-api-versions", InfraPaths.Relative(file));
                    lines[i + 1].Should().Contain("'Microsoft.Insights/diagnosticSettings@2021-05-01-preview'");
                }
            }
        }
    }

    [GeneratedRegex(@"^\s*module\s+\w+\s+'(?<path>[^']+)'", RegexOptions.Multiline)]
    private static partial Regex ModuleReference();
}
