using System.Text.Json;
using TrailNormalizer.Core.Rules;
using static TrailNormalizer.Core.Tests.Rules.Engine.SigmaFixture;

namespace TrailNormalizer.Core.Tests.Rules.Engine;

public class RuleIndexTests
{
    private static SigmaRuleSet Set(params string[] detections) =>
        SigmaRuleLoader.LoadText(string.Join("\n---\n", detections.Select((d, i) => RuleText(d).Replace("id: test-rule", $"id: r{i}", StringComparison.Ordinal))));

    private static string[] Hits(SigmaRuleSet set, string json, SourceKind kind = SourceKind.CloudTrail)
    {
        using JsonDocument doc = JsonDocument.Parse(json);
        return set.Evaluate(kind, doc.RootElement).Select(r => r.Id).ToArray();
    }

    [Fact]
    public void Indexed_rules_still_match_and_results_keep_load_order()
    {
        SigmaRuleSet set = Set(
            "sel:\n  eventSource: cloudtrail.amazonaws.com\n  eventName: [StopLogging, DeleteTrail]\ncondition: sel",
            "sel:\n  eventName|contains: Trail\ncondition: sel",
            "sel:\n  eventName: deletetrail\ncondition: sel");
        set.Diagnostics.Should().BeEmpty();
        set.IsAlwaysEvaluated(SourceKind.CloudTrail, set.Rules[0]).Should().BeFalse();
        set.IsAlwaysEvaluated(SourceKind.CloudTrail, set.Rules[1]).Should().BeTrue("contains cannot be indexed");
        set.IsAlwaysEvaluated(SourceKind.CloudTrail, set.Rules[2]).Should().BeFalse();
        Hits(set, """{"eventSource":"cloudtrail.amazonaws.com","eventName":"DeleteTrail"}""").Should().Equal("r0", "r1", "r2");
        Hits(set, """{"eventSource":"cloudtrail.amazonaws.com","eventName":"StopLogging"}""").Should().Equal("r0");
        Hits(set, """{"eventSource":"s3.amazonaws.com","eventName":"DeleteTrail"}""").Should().Equal("r1", "r2");
        Hits(set, """{"eventName":"GetObject"}""").Should().BeEmpty();
        set.IndexStats(SourceKind.CloudTrail).Fields.Should().ContainSingle(f => f.Field == "eventName" && f.Rules == 2);
    }

    [Fact]
    public void A_rule_with_a_branch_that_cannot_be_indexed_is_always_evaluated()
    {
        SigmaRuleSet set = Set(
            "a:\n  eventName: StopLogging\nb:\n  userAgent|contains: terraform\ncondition: a or b",
            "a:\n  eventName: StopLogging\nb:\n  eventName: DeleteTrail\ncondition: a or b",
            "a:\n  eventName: StopLogging\ncondition: not a");
        set.IsAlwaysEvaluated(SourceKind.CloudTrail, set.Rules[0]).Should().BeTrue();
        set.IsAlwaysEvaluated(SourceKind.CloudTrail, set.Rules[1]).Should().BeFalse();
        set.IsAlwaysEvaluated(SourceKind.CloudTrail, set.Rules[2]).Should().BeTrue();
        Hits(set, """{"eventName":"GetObject","userAgent":"Terraform/1.5"}""").Should().Equal("r0", "r2");
        Hits(set, """{"eventName":"DeleteTrail"}""").Should().Equal("r1", "r2");
    }

    [Fact]
    public void And_with_a_not_is_indexed_by_its_positive_part()
    {
        SigmaRuleSet set = Set("sel:\n  eventName: ConsoleLogin\nfilter:\n  additionalEventData.MFAUsed: 'Yes'\ncondition: sel and not filter");
        set.IsAlwaysEvaluated(SourceKind.CloudTrail, set.Rules[0]).Should().BeFalse();
        Hits(set, """{"eventName":"ConsoleLogin","additionalEventData":{"MFAUsed":"No"}}""").Should().Equal("r0");
        Hits(set, """{"eventName":"ConsoleLogin","additionalEventData":{"MFAUsed":"Yes"}}""").Should().BeEmpty();
    }

    [Fact]
    public void Indexed_values_are_found_inside_arrays_and_with_other_case_and_numbers()
    {
        SigmaRuleSet set = Set("sel:\n  eventName: [StopLogging, 42]\ncondition: sel");
        Hits(set, """{"eventName":["x","STOPLOGGING"]}""").Should().Equal("r0");
        Hits(set, """{"eventName":42}""").Should().Equal("r0");
        Hits(set, """{"eventName":["StopLogging","StopLogging"]}""").Should().Equal("r0");
    }

    [Fact]
    public void The_rule_set_only_evaluates_rules_of_the_records_kind()
    {
        string yaml = RuleText("sel:\n  operationName: MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/WRITE\ncondition: sel", "azure", "activitylogs")
            + "\n---\n" + RuleText("kw:\n  - StopLogging\ncondition: kw").Replace("test-rule", "ct", StringComparison.Ordinal)
            + "\n---\n" + RuleText("kw:\n  - StopLogging\ncondition: kw", "azure", "signinlogs").Replace("test-rule", "si", StringComparison.Ordinal);
        SigmaRuleSet set = SigmaRuleLoader.LoadText(yaml);
        set.Diagnostics.Should().BeEmpty();
        const string nsg = """{"operationName":"Microsoft.Network/networkSecurityGroups/write","note":"StopLogging"}""";
        Hits(set, nsg, SourceKind.AzureActivity).Should().Equal("test-rule");
        Hits(set, nsg, SourceKind.CloudTrail).Should().Equal("ct");
        Hits(set, nsg, SourceKind.EntraSignIn).Should().Equal("si");
        Hits(set, nsg, SourceKind.EventGrid).Should().BeEmpty();
    }

    [Fact]
    public void Combined_sets_keep_every_rule_and_diagnostic()
    {
        SigmaRuleSet a = Set("sel:\n  eventName: A\ncondition: sel");
        SigmaRuleSet b = SigmaRuleLoader.LoadText(RuleText("sel:\n  eventName|bad: A\ncondition: sel"));
        SigmaRuleSet both = SigmaRuleSet.Combine(a, b, SigmaRuleSet.Empty);
        both.Rules.Should().HaveCount(1);
        both.Diagnostics.Should().HaveCount(1);
        Hits(both, """{"eventName":"a"}""").Should().Equal("r0");
    }
}
