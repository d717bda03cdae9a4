using Amazon.CDK.Assertions;
using static TrailNormalizer.Infra.Aws.Tests.Props;

namespace TrailNormalizer.Infra.Aws.Tests;

[Collection(CdkTests.Name)]
public sealed class QueuesTests(SynthesizedStacks stacks)
{
    private static readonly string[] AllSqsActions = ["sqs:*"];

    [Fact]
    public void Both_queues_use_server_side_encryption()
    {
        stacks.Defaults.Template.AllResourcesProperties("AWS::SQS::Queue", Match.ObjectLike(Of(("SqsManagedSseEnabled", true))));
        stacks.Defaults.Template.ResourceCountIs("AWS::SQS::Queue", 2);
    }

    [Fact]
    public void Visibility_timeout_is_at_least_six_times_the_sqs_function_timeout()
    {
        var timeout = stacks.Defaults.Function("sqs").Resource.Properties().GetProperty("Timeout").GetInt32();
        var visibility = stacks.Defaults.Queue(deadLetter: false).Resource.Properties().GetProperty("VisibilityTimeout").GetInt32();

        timeout.Should().Be(60);
        visibility.Should().BeGreaterThanOrEqualTo(6 * timeout);
    }

    [Fact]
    public void Failed_messages_go_to_a_dead_letter_queue_after_five_receives_and_stay_fourteen_days()
    {
        var dlq = stacks.Defaults.Queue(deadLetter: true).LogicalId;
        stacks.Defaults.Template.HasResourceProperties("AWS::SQS::Queue", Of(
            ("RedrivePolicy", Of(("deadLetterTargetArn", Of(("Fn::GetAtt", new object[] { dlq, "Arn" }))), ("maxReceiveCount", 5)))));
        stacks.Defaults.Queue(deadLetter: true).Resource.Properties().GetProperty("MessageRetentionPeriod").GetInt32()
            .Should().Be(14 * 24 * 3600);
        stacks.Defaults.Queue(deadLetter: false).Resource.Properties().GetProperty("MessageRetentionPeriod").GetInt32()
            .Should().BeLessThan(14 * 24 * 3600, "a message's age carries over into the DLQ");
    }

    [Fact]
    public void Every_queue_has_a_tls_only_policy()
    {
        foreach (var stack in stacks.Both)
        {
            foreach (var queue in stack.ResourcesOfType("AWS::SQS::Queue"))
            {
                PolicyStatements.All(stack)
                    .Where(s => s.ResourceType == "AWS::SQS::QueuePolicy" && s.ResourceJson.Contains(queue.LogicalId, StringComparison.Ordinal))
                    .Should().Contain(s => s.IsTlsOnlyDeny && s.Actions.SequenceEqual(AllSqsActions), queue.LogicalId);
            }
        }
    }
}
