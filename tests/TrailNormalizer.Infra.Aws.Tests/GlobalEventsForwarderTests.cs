using System.Text.Json;
using Amazon.CDK.Assertions;
using TrailNormalizer.Infra.Aws;
using static TrailNormalizer.Infra.Aws.Tests.Props;

namespace TrailNormalizer.Infra.Aws.Tests;

[Collection(CdkTests.Name)]
public sealed class GlobalEventsForwarderTests(SynthesizedStacks stacks)
{
    [Fact]
    public void Global_service_events_in_us_east_1_go_to_the_home_regions_default_bus()
    {
        var rule = stacks.Forwarder.ResourcesOfType("AWS::Events::Rule").Should().ContainSingle().Subject.Resource.Properties();
        var pattern = rule.GetProperty("EventPattern");

        pattern.GetProperty("detail-type").EnumerateArray().Select(d => d.GetString()).Should().BeEquivalentTo(CloudTrailEvents.DetailTypes);
        pattern.GetProperty("detail").GetProperty("eventSource").EnumerateArray().Select(d => d.GetString())
            .Should().Contain(["signin.amazonaws.com", "iam.amazonaws.com", "sts.amazonaws.com"]);
        var target = rule.GetProperty("Targets").EnumerateArray().Should().ContainSingle().Subject;
        var arn = JsonSerializer.Serialize(target.GetProperty("Arn"));
        arn.Should().Contain($":events:{SynthesizedStacks.HomeRegion}:").And.Contain(":event-bus/default");
        target.TryGetProperty("RoleArn", out _).Should().BeTrue("a cross-region bus target needs a role");
        rule.GetProperty("State").GetString().Should().Be("ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS", "the full stack routes read-only events too");
    }

    [Fact]
    public void The_forwarding_role_may_only_put_events_on_that_bus()
    {
        var statements = PolicyStatements.All(stacks.Forwarder).ToList();

        var allows = statements.Where(s => s.Effect == "Allow" && s.ResourceType == "AWS::IAM::Policy").ToList();
        allows.Should().ContainSingle();
        allows[0].Actions.Should().Equal("events:PutEvents");
        allows[0].ResourceJson.Should().Contain($":events:{SynthesizedStacks.HomeRegion}:").And.Contain(":event-bus/default");
        stacks.Forwarder.Template.HasResourceProperties("AWS::IAM::Role", Match.ObjectLike(Of(
            ("AssumeRolePolicyDocument", Match.ObjectLike(Of(("Statement", new object[]
            {
                Match.ObjectLike(Of(("Principal", Of(("Service", "events.amazonaws.com"))))),
            })))))));
    }
}
