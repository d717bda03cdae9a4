using System.Text.Json;
using TrailNormalizer.Core.Rules;

namespace TrailNormalizer.Core.Tests.Rules.Engine;

/// <summary>Builds one-rule YAML texts around a detection block and evaluates them against JSON records.</summary>
internal static class SigmaFixture
{
    public static string RuleText(string detection, string product = "aws", string service = "cloudtrail", string extra = "")
    {
        string indented = string.Join('\n', detection.Trim('\n').Split('\n').Select(line => "  " + line));
        return $"""
            title: Test rule
            id: test-rule
            author: Tester
            level: high
            logsource:
              product: {product}
              service: {service}
            detection:
            {indented}
            {extra}
            """;
    }

    public static SigmaRuleSet Load(string detection, string product = "aws", string service = "cloudtrail")
    {
        SigmaRuleSet set = SigmaRuleLoader.LoadText(RuleText(detection, product, service), "test.yml");
        set.Diagnostics.Should().BeEmpty();
        set.Rules.Should().HaveCount(1);
        return set;
    }

    public static SigmaRule Compile(string detection) => Load(detection).Rules[0];

    public static bool Matches(string detection, string json)
    {
        SigmaRule rule = Compile(detection);
        using JsonDocument doc = JsonDocument.Parse(json);
        return rule.Matches(doc.RootElement);
    }

    /// <summary>Evaluates through the rule set (index included) for a CloudTrail record.</summary>
    public static bool SetMatches(SigmaRuleSet set, string json, SourceKind kind = SourceKind.CloudTrail)
    {
        using JsonDocument doc = JsonDocument.Parse(json);
        return set.Evaluate(kind, doc.RootElement).Count > 0;
    }

    public static RuleDiagnostic SingleDiagnostic(string yaml)
    {
        SigmaRuleSet set = SigmaRuleLoader.LoadText(yaml, "bad.yml");
        set.Rules.Should().BeEmpty();
        set.Diagnostics.Should().HaveCount(1);
        return set.Diagnostics[0];
    }
}
