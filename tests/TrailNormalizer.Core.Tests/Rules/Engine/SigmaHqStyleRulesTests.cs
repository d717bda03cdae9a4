using System.Text.Json;
using TrailNormalizer.Core.Rules;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Core.Tests.Rules.Engine;

/// <summary>Rules written in the style of SigmaHQ's cloud rules (our own text) load and match what they describe.</summary>
public class SigmaHqStyleRulesTests
{
    private static readonly string RulesDir = Path.Combine(RepoPaths.Root, "tests", "TrailNormalizer.Core.Tests", "Rules", "Engine", "rules");

    private static readonly SigmaRuleSet Set = SigmaRuleLoader.Load([RulesDir]);

    private static string[] Titles(SourceKind kind, string json)
    {
        using JsonDocument doc = JsonDocument.Parse(json);
        return Set.Evaluate(kind, doc.RootElement).Select(r => r.Title).ToArray();
    }

    [Fact]
    public void Every_rule_loads_with_its_author()
    {
        Set.Diagnostics.Should().BeEmpty();
        Set.Rules.Should().HaveCount(4);
        Set.Rules.Should().OnlyContain(r => r.Author == "TrailNormalizer engine tests" && r.SeverityId >= 3);
    }

    [Fact]
    public void Trail_stopped()
    {
        Titles(SourceKind.CloudTrail, """{"eventSource":"cloudtrail.amazonaws.com","eventName":"StopLogging","requestParameters":{"name":"main"}}""")
            .Should().Equal("CloudTrail Logging Stopped Or Trail Removed");
        Titles(SourceKind.CloudTrail, """{"eventSource":"cloudtrail.amazonaws.com","eventName":"StopLogging","errorCode":"AccessDenied"}""")
            .Should().BeEmpty();
        Titles(SourceKind.CloudTrail, """{"eventSource":"cloudtrail.amazonaws.com","eventName":"DescribeTrails"}""").Should().BeEmpty();
        Titles(SourceKind.AzureActivity, """{"eventSource":"cloudtrail.amazonaws.com","eventName":"StopLogging"}""").Should().BeEmpty();
    }

    [Fact]
    public void Security_group_open_to_the_internet()
    {
        const string open = """
            {"eventSource":"ec2.amazonaws.com","eventName":"AuthorizeSecurityGroupIngress",
             "requestParameters":{"groupId":"sg-1","ipPermissions":{"items":[
               {"ipProtocol":"tcp","fromPort":22,"toPort":22,"ipRanges":{"items":[{"cidrIp":"0.0.0.0/0"}]}}]}}}
            """;
        const string open6 = """
            {"eventSource":"ec2.amazonaws.com","eventName":"AuthorizeSecurityGroupIngress",
             "requestParameters":{"ipPermissions":{"items":[{"ipv6Ranges":{"items":[{"cidrIpv6":"::/0"}]}}]}}}
            """;
        const string office = """
            {"eventSource":"ec2.amazonaws.com","eventName":"AuthorizeSecurityGroupIngress",
             "requestParameters":{"ipPermissions":{"items":[{"ipRanges":{"items":[{"cidrIp":"198.51.100.0/24"}]}}]}}}
            """;
        Titles(SourceKind.CloudTrail, open).Should().Equal("Security Group Ingress Opened To The Internet");
        Titles(SourceKind.CloudTrail, open6).Should().Equal("Security Group Ingress Opened To The Internet");
        Titles(SourceKind.CloudTrail, office).Should().BeEmpty();
    }

    [Fact]
    public void Console_login_without_mfa()
    {
        const string noMfa = """
            {"eventName":"ConsoleLogin","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/alice"},
             "responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"MFAUsed":"No"}}
            """;
        Titles(SourceKind.CloudTrail, noMfa).Should().Equal("Console Sign-In Without MFA");
        Titles(SourceKind.CloudTrail, noMfa.Replace("\"No\"", "\"Yes\"", StringComparison.Ordinal)).Should().BeEmpty();
        Titles(SourceKind.CloudTrail, noMfa.Replace("user/alice", "assumed-role/AWSReservedSSO_Admin_1/alice", StringComparison.Ordinal)).Should().BeEmpty();
    }

    [Fact]
    public void Azure_diagnostic_setting_deleted()
    {
        const string deleted = """
            {"operationName":"MICROSOFT.INSIGHTS/DIAGNOSTICSETTINGS/DELETE","status":"Succeeded","category":"Administrative"}
            """;
        Titles(SourceKind.AzureActivity, deleted).Should().Equal("Azure Diagnostic Setting Deleted");
        Titles(SourceKind.AzureActivity, deleted.Replace("Succeeded", "Failed", StringComparison.Ordinal)).Should().BeEmpty();
        Titles(SourceKind.CloudTrail, deleted).Should().BeEmpty();
    }

    [Fact]
    public void Tags_give_categories_and_controls()
    {
        SigmaRule trail = Set.Rules.Single(r => r.Title.StartsWith("CloudTrail", StringComparison.Ordinal));
        trail.IncidentCategories.Should().Equal("logging-tamper");
        trail.Controls.Should().Equal(new SigmaControl("soc2", "CC7.2"));
        trail.SeverityId.Should().Be(4);
    }
}
