using Amazon.CDK.Assertions;
using static TrailNormalizer.Infra.Aws.Tests.Props;

namespace TrailNormalizer.Infra.Aws.Tests;

[Collection(CdkTests.Name)]
public sealed class CloudTrailBucketNotificationsTests(SynthesizedStacks stacks)
{
    [Fact]
    public void Object_created_events_under_AWSLogs_go_to_the_ingest_queue()
    {
        var queue = stacks.Full.Queue(deadLetter: false).LogicalId;
        stacks.Full.Template.HasResourceProperties("Custom::S3BucketNotifications", Of(
            ("BucketName", SynthesizedStacks.CloudTrailBucket),
            ("Managed", false),
            ("NotificationConfiguration", Of(("QueueConfigurations", new object[]
            {
                Of(
                    ("Events", new object[] { "s3:ObjectCreated:*" }),
                    ("Filter", Of(("Key", Of(("FilterRules", new object[] { Of(("Name", "prefix"), ("Value", "AWSLogs/")) }))))),
                    ("QueueArn", Of(("Fn::GetAtt", new object[] { queue, "Arn" })))),
            })))));
    }

    [Fact]
    public void Queue_policy_admits_s3_only_for_that_bucket_and_the_own_account()
    {
        var fromS3 = PolicyStatements.All(stacks.Full)
            .Single(s => s.ResourceType == "AWS::SQS::QueuePolicy" && s.Statement.GetProperty("Principal").ToString().Contains("s3.amazonaws.com", StringComparison.Ordinal));

        fromS3.Effect.Should().Be("Allow");
        fromS3.Actions.Should().Contain("sqs:SendMessage").And.OnlyContain(a => !a.Contains('*', StringComparison.Ordinal));
        var condition = fromS3.Statement.GetProperty("Condition");
        condition.GetProperty("ArnEquals").GetProperty("aws:SourceArn").ToString().Should().Contain(":s3:::" + SynthesizedStacks.CloudTrailBucket + "\"");
        condition.GetProperty("StringEquals").GetProperty("aws:SourceAccount").GetProperty("Ref").GetString().Should().Be("AWS::AccountId");
    }

    [Fact]
    public void Without_a_CloudTrail_bucket_there_is_no_notification_and_no_s3_sender()
    {
        stacks.Defaults.Template.ResourceCountIs("Custom::S3BucketNotifications", 0);
        PolicyStatements.All(stacks.Defaults)
            .Where(s => s.ResourceType == "AWS::SQS::QueuePolicy")
            .Should().NotContain(s => s.Statement.ToString().Contains("s3.amazonaws.com", StringComparison.Ordinal));
    }
}
