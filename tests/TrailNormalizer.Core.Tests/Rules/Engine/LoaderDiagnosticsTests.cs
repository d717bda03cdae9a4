using TrailNormalizer.Core.Rules;
using static TrailNormalizer.Core.Tests.Rules.Engine.SigmaFixture;

namespace TrailNormalizer.Core.Tests.Rules.Engine;

public class LoaderDiagnosticsTests
{
    [Fact]
    public void Metadata_is_read()
    {
        const string yaml = """
            title: Trail stopped
            id: 7f0e2a4c-0000-4000-8000-000000000001
            status: test
            description: A trail was stopped.
            references:
              - https://example.org/doc
            author: Someone
            tags:
              - attack.defense-impairment
              - incident.logging_tamper
              - soc2.cc7_2
            logsource:
              product: aws
              service: cloudtrail
            detection:
              selection:
                eventName: StopLogging
              condition: selection
            falsepositives:
              - Maintenance
            level: critical
            """;
        SigmaRuleSet set = SigmaRuleLoader.LoadText(yaml, "trail.yml");
        set.Diagnostics.Should().BeEmpty();
        SigmaRule rule = set.Rules.Single();
        rule.Id.Should().Be("7f0e2a4c-0000-4000-8000-000000000001");
        rule.Title.Should().Be("Trail stopped");
        rule.Author.Should().Be("Someone");
        rule.Status.Should().Be("test");
        rule.Level.Should().Be("critical");
        rule.SeverityId.Should().Be(5);
        rule.Description.Should().Be("A trail was stopped.");
        rule.References.Should().Equal("https://example.org/doc");
        rule.Tags.Should().HaveCount(3);
        rule.Logsource.Should().Be(new SigmaLogsource("aws", "cloudtrail", null));
        rule.SourceKinds.Should().Equal(SourceKind.CloudTrail);
        rule.Detection.SearchIdentifiers.Should().Equal("selection");
        rule.Detection.Conditions.Should().Equal("selection");
        rule.Falsepositives.Should().Equal("Maintenance");
        rule.FilePath.Should().Be("trail.yml");
        rule.Line.Should().Be(1);
        rule.IncidentCategories.Should().Equal("logging-tamper");
        rule.Controls.Should().Equal(new SigmaControl("soc2", "CC7.2"));
    }

    [Fact]
    public void Several_documents_in_a_file_load_and_bad_ones_are_diagnosed_not_thrown()
    {
        string yaml = RuleText("sel:\n  eventName: A\ncondition: sel") + "\n---\n"
            + RuleText("sel:\n  eventName|nosuch: A\ncondition: sel") + "\n---\n"
            + RuleText("sel:\n  eventName: B\ncondition: sel").Replace("id: test-rule\n", string.Empty, StringComparison.Ordinal);
        SigmaRuleSet set = SigmaRuleLoader.LoadText(yaml, "many.yml");
        set.Rules.Should().HaveCount(2);
        set.Rules[1].Id.Should().Be("many#3", "a rule without id is named after its file and document");
        set.Diagnostics.Should().ContainSingle().Which.Message.Should().Be("unknown modifier 'nosuch'");
    }

    [Fact]
    public void A_yaml_syntax_error_has_its_line()
    {
        const string yaml = "title: x\nlogsource:\n  product: aws\ndetection:\n  sel: [a, b\n  condition: sel\n";
        RuleDiagnostic d = SingleDiagnostic(yaml);
        d.File.Should().Be("bad.yml");
        d.Message.Should().StartWith("YAML syntax error");
        d.Line.Should().BeInRange(5, 7);
    }

    [Fact]
    public void An_unknown_modifier_points_at_its_key()
    {
        RuleDiagnostic d = SingleDiagnostic(RuleText("sel:\n  eventName: A\n  userAgent|contans: x\ncondition: sel"));
        d.Message.Should().Be("unknown modifier 'contans'");
        d.Line.Should().Be(11);
        d.Column.Should().Be(5);
        d.ToString().Should().Be("bad.yml:11:5: unknown modifier 'contans'");
    }

    [Theory]
    [InlineData("p|wide: x", "unsupported modifier 'wide'")]
    [InlineData("p|expand: '%x%'", "unsupported modifier 'expand'")]
    [InlineData("p|contains|startswith: x", "only one of contains")]
    [InlineData("p|re|cidr: x", "cannot be combined")]
    [InlineData("p|i: x", "only valid after 're'")]
    [InlineData("p|re: '(unclosed'", "invalid regular expression")]
    [InlineData("p|cidr: 10.0.0.0/33", "is not a CIDR network")]
    [InlineData("p|gt: many", "is not a number")]
    [InlineData("p|exists: maybe", "exists needs true or false")]
    [InlineData("p: {a: b}", "cannot be a map")]
    public void Bad_values_and_modifier_combinations(string field, string message) =>
        SingleDiagnostic(RuleText($"sel:\n  {field}\ncondition: sel")).Message.Should().Contain(message);

    [Fact]
    public void Missing_parts_are_diagnosed()
    {
        SingleDiagnostic("title: x\nlogsource:\n  product: aws\n").Message.Should().Be("the rule has no detection map");
        SingleDiagnostic(RuleText("sel:\n  a: b")).Message.Should().Be("the detection has no condition");
        SingleDiagnostic("logsource:\n  product: aws\ndetection:\n  s:\n    a: b\n  condition: s\n").Message.Should().Be("the rule has no title");
        SingleDiagnostic("title: x\ndetection:\n  s:\n    a: b\n  condition: s\n").Message.Should().Be("the rule has no logsource map");
        SingleDiagnostic(RuleText("sel:\n  a: b\ncondition: sel", "windows", "security")).Message
            .Should().StartWith("logsource 'windows/security' is not supported");
        SingleDiagnostic(RuleText("sel:\n  a: b\ntimeframe: 5m\ncondition: sel")).Message.Should().Contain("timeframe");
    }

    [Fact]
    public void Correlation_rules_are_rejected_clearly()
    {
        const string yaml = """
            title: Many failed logins
            id: corr-1
            correlation:
              type: event_count
              rules:
                - failed-login
              group-by:
                - userIdentity.arn
              timespan: 10m
              condition:
                gte: 10
            """;
        RuleDiagnostic d = SingleDiagnostic(yaml);
        d.Message.Should().Be("correlation rules are not supported");
        d.Line.Should().Be(1);
        SingleDiagnostic("title: x\naction: correlation\n").Message.Should().Be("correlation rules are not supported");
    }

    [Fact]
    public void Rule_collections_are_rejected() =>
        SingleDiagnostic("action: global\ntitle: x\n").Message.Should().Contain("action: global");

    [Fact]
    public void Folders_load_recursively_and_missing_paths_are_diagnosed()
    {
        string dir = Path.Combine(Path.GetTempPath(), "sigma-loader-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(dir, "sub"));
        try
        {
            File.WriteAllText(Path.Combine(dir, "a.yml"), RuleText("sel:\n  eventName: A\ncondition: sel"));
            File.WriteAllText(Path.Combine(dir, "sub", "b.yaml"), RuleText("sel:\n  eventName: B\ncondition: sel"));
            File.WriteAllText(Path.Combine(dir, "notes.txt"), "not a rule");
            File.WriteAllText(Path.Combine(dir, "broken.yml"), "title: [");
            SigmaRuleSet set = SigmaRuleLoader.Load([dir, Path.Combine(dir, "missing")]);
            set.Rules.Should().HaveCount(2);
            set.Diagnostics.Should().HaveCount(2);
            set.Diagnostics.Should().Contain(d => d.File.EndsWith("broken.yml", StringComparison.Ordinal));
            set.Diagnostics.Should().Contain(d => d.Message == "no such file or folder");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
