using Amazon.CDK.Assertions;
using static TrailNormalizer.Infra.Aws.Tests.Props;

namespace TrailNormalizer.Infra.Aws.Tests;

[Collection(CdkTests.Name)]
public sealed class RulesTests(SynthesizedStacks stacks)
{
    [Fact]
    public void CloudTrail_management_events_go_to_the_ingest_queue()
    {
        var queue = stacks.Defaults.Queue(deadLetter: false).LogicalId;
        stacks.Defaults.Template.HasResourceProperties("AWS::Events::Rule", Of(
            ("EventPattern", Of(("detail-type", new object[]
            {
                "AWS API Call via CloudTrail", "AWS Console Sign In via CloudTrail", "AWS Service Event via CloudTrail",
            }))),
            ("State", "ENABLED"),
            ("Targets", new object[] { Match.ObjectLike(Of(("Arn", Of(("Fn::GetAtt", new object[] { queue, "Arn" }))))) })));
    }

    [Fact]
    public void Read_only_management_events_are_routed_only_when_opted_in()
    {
        stacks.Full.Template.HasResourceProperties("AWS::Events::Rule", Match.ObjectLike(Of(
            ("EventPattern", Match.AnyValue()),
            ("State", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"))));
        stacks.Defaults.Template.HasResourceProperties("AWS::Events::Rule", Match.ObjectLike(Of(
            ("EventPattern", Match.AnyValue()),
            ("State", "ENABLED"))));
    }

    [Fact]
    public void Only_that_rule_may_send_to_the_queue_through_eventbridge()
    {
        var rule = stacks.Defaults.SingleLogicalId("AWS::Events::Rule", r => r.Properties().TryGetProperty("EventPattern", out _));
        var fromEvents = PolicyStatements.All(stacks.Defaults)
            .Single(s => s.ResourceType == "AWS::SQS::QueuePolicy" && s.Statement.GetProperty("Principal").ToString().Contains("events.amazonaws.com", StringComparison.Ordinal));

        fromEvents.Actions.Should().Contain("sqs:SendMessage");
        fromEvents.Statement.GetProperty("Condition").GetProperty("ArnEquals").GetProperty("aws:SourceArn").ToString().Should().Contain(rule);
    }

    [Fact]
    public void A_schedule_invokes_the_seal_function_every_five_minutes_by_default()
    {
        var seal = stacks.Defaults.Function("seal").LogicalId;
        stacks.Defaults.Template.HasResourceProperties("AWS::Events::Rule", Of(
            ("ScheduleExpression", "rate(5 minutes)"),
            ("Targets", new object[] { Match.ObjectLike(Of(("Arn", Of(("Fn::GetAtt", new object[] { seal, "Arn" }))))) })));
        stacks.Defaults.Template.HasResourceProperties("AWS::Lambda::Permission", Of(
            ("Action", "lambda:InvokeFunction"),
            ("Principal", "events.amazonaws.com"),
            ("FunctionName", Of(("Fn::GetAtt", new object[] { seal, "Arn" })))));
        stacks.Full.Template.HasResourceProperties("AWS::Events::Rule", Of(("ScheduleExpression", "rate(10 minutes)")));
    }
}
