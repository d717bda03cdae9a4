using TrailNormalizer.Core.Rules;

namespace TrailNormalizer.Core.Tests.Rules.Engine;

public class LogsourceAndTagsTests
{
    [Theory]
    [InlineData("aws", "cloudtrail", SourceKind.CloudTrail)]
    [InlineData("AWS", null, SourceKind.CloudTrail)]
    [InlineData("azure", "activitylogs", SourceKind.AzureActivity)]
    [InlineData("azure", "auditlogs", SourceKind.EntraAudit)]
    [InlineData("azure", "signinlogs", SourceKind.EntraSignIn)]
    [InlineData("azure", "eventgrid", SourceKind.EventGrid)]
    [InlineData("azure", "notificationhubs", SourceKind.NotificationHubs)]
    public void Logsources_map_to_source_kinds(string product, string? service, SourceKind kind)
    {
        SourceKinds.For(new SigmaLogsource(product, service, null)).Should().Equal(kind);
        if (service is not null)
        {
            SourceKinds.SigmaName(kind).Should().Be($"{product.ToLowerInvariant()}/{service}");
        }
    }

    [Fact]
    public void Azure_without_service_is_every_azure_kind_and_others_are_none()
    {
        SourceKinds.For(new SigmaLogsource("azure", null, null)).Should().HaveCount(5).And.NotContain(SourceKind.CloudTrail);
        SourceKinds.For(new SigmaLogsource("windows", "security", null)).Should().BeEmpty();
        SourceKinds.For(new SigmaLogsource("aws", "s3", null)).Should().BeEmpty();
    }

    [Theory]
    [InlineData("incident.logging_tamper", "logging-tamper")]
    [InlineData("incident.comms_channel_change", "comms-channel-change")]
    [InlineData("attack.t1562", null)]
    [InlineData("incident", null)]
    [InlineData("incidents.x", null)]
    public void Incident_tags_become_categories(string tag, string? category) =>
        RuleTags.Category(tag).Should().Be(category);

    [Theory]
    [InlineData("soc2.cc7_2", "soc2:CC7.2")]
    [InlineData("soc2.cc6_1", "soc2:CC6.1")]
    [InlineData("iso27001_2013.a_12_4_2", "iso27001-2013:A.12.4.2")]
    [InlineData("iso27001_2022.a_8_15", "iso27001-2022:A.8.15")]
    [InlineData("iso27001_2022.a_5_28", "iso27001-2022:A.5.28")]
    [InlineData("attack.defense_evasion", null)]
    [InlineData("soc2", null)]
    public void Control_tags_become_framework_and_id(string tag, string? control) =>
        RuleTags.Control(tag)?.ToString().Should().Be(control);

    [Fact]
    public void Categories_and_controls_are_distinct_and_in_order()
    {
        string[] tags = ["attack.impact", "incident.logging_tamper", "soc2.cc7_2", "iso27001_2013.a_12_4_2", "soc2.CC7_2", "incident.logging_tamper"];
        RuleTags.Categories(tags).Should().Equal("logging-tamper");
        RuleTags.Controls(tags).Should().Equal(new SigmaControl("soc2", "CC7.2"), new SigmaControl("iso27001-2013", "A.12.4.2"));
    }

    [Theory]
    [InlineData("informational", 1)]
    [InlineData("low", 2)]
    [InlineData("medium", 3)]
    [InlineData("High", 4)]
    [InlineData("critical", 5)]
    [InlineData("urgent", 0)]
    [InlineData(null, 0)]
    public void Levels_map_to_ocsf_severity(string? level, int severity) =>
        SigmaLevel.ToSeverityId(level).Should().Be(severity);
}
