namespace TrailNormalizer.Infra.Aws.Tests;

/// <summary>
/// The resource list per type, so an added or vanished resource (a stray CDK custom resource, a second role…) shows
/// up in review. Update the numbers deliberately when the stack changes.
/// </summary>
[Collection(CdkTests.Name)]
public sealed class TemplateShapeTests(SynthesizedStacks stacks)
{
    [Fact]
    public void Default_stack_has_exactly_these_resources()
    {
        stacks.Defaults.CountByType().Should().BeEquivalentTo(new Dictionary<string, int>
        {
            ["AWS::Events::Rule"] = 2,              // CloudTrail events → queue; seal schedule
            ["AWS::IAM::Policy"] = 2,               // CDK's X-Ray statements, one per function role
            ["AWS::IAM::Role"] = 3,                 // one per function, the analyst
            ["AWS::KMS::Key"] = 3,                  // data key, signing key, findings topic key
            ["AWS::SNS::Topic"] = 1,                // findings
            ["AWS::Lambda::EventSourceMapping"] = 1,
            ["AWS::Lambda::Function"] = 2,          // sqs, seal
            ["AWS::Lambda::Permission"] = 1,        // schedule → seal
            ["AWS::Logs::LogGroup"] = 2,
            ["AWS::S3::Bucket"] = 2,                // evidence, Athena results
            ["AWS::S3::BucketPolicy"] = 2,          // TLS only
            ["AWS::SQS::Queue"] = 2,                // ingest, dead letter
            ["AWS::SQS::QueuePolicy"] = 2,
            ["AWS::Glue::Database"] = 1,            // the evidence tables
            ["AWS::Glue::Table"] = 1,               // events, partition projection
            ["AWS::Athena::WorkGroup"] = 1,
            ["AWS::Athena::NamedQuery"] = 8,        // the saved queries
        });
    }

    [Fact]
    public void Full_stack_adds_the_access_log_bucket_and_the_CloudTrail_bucket_notification()
    {
        var expected = new Dictionary<string, int>(stacks.Defaults.CountByType(), StringComparer.Ordinal);
        expected["AWS::S3::Bucket"] += 1;           // access logs
        expected["AWS::S3::BucketPolicy"] += 1;     // its TLS-only + log delivery policy
        expected["Custom::S3BucketNotifications"] = 1;
        expected["AWS::Lambda::Function"] += 1;     // CDK's notification handler
        expected["AWS::IAM::Role"] += 1;            // and its role
        expected["AWS::IAM::Policy"] += 1;          // s3:Put/GetBucketNotification

        stacks.Full.CountByType().Should().BeEquivalentTo(expected);
    }

    [Fact]
    public void The_only_other_function_is_CDKs_notification_handler_limited_to_bucket_notifications()
    {
        var others = stacks.Full.ResourcesOfType("AWS::Lambda::Function")
            .Where(f => !f.Resource.Properties().TryGetProperty("Handler", out var h) || h.GetString() is not ("sqs" or "seal"))
            .ToList();
        others.Should().ContainSingle().Which.LogicalId.Should().StartWith("BucketNotificationsHandler");

        var role = others[0].Resource.Properties().GetProperty("Role").GetProperty("Fn::GetAtt")[0].GetString()!;
        PolicyStatements.All(stacks.Full)
            .Where(s => s.ResourceType == "AWS::IAM::Policy"
                && stacks.Full.Resources.GetProperty(s.LogicalId).Properties().GetProperty("Roles").ToString().Contains(role, StringComparison.Ordinal))
            .SelectMany(s => s.Actions)
            .Should().BeEquivalentTo("s3:PutBucketNotification", "s3:GetBucketNotification");
    }
}
