using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.S3;
using Amazon.CDK.AWS.SQS;
using Amazon.JSII.Runtime.Deputy;
using Constructs;

namespace TrailNormalizer.Infra.Aws;

/// <summary>
/// An S3 notification destination like CDK's SqsDestination, except that the queue policy it adds pins both the
/// bucket ARN and the bucket owner's account (aws:SourceAccount), so a same-named bucket elsewhere cannot send.
/// </summary>
public sealed class QueueFromOwnAccountBucket(IQueue queue) : DeputyBase, IBucketNotificationDestination
{
    public IBucketNotificationDestinationConfig Bind(Construct scope, IBucket bucket)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        var result = queue.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "S3NotificationsFromCloudTrailBucket",
            Effect = Effect.ALLOW,
            Principals = [new ServicePrincipal("s3.amazonaws.com")],
            Actions = ["sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"],
            Resources = [queue.QueueArn],
            Conditions = new Dictionary<string, object>
            {
                ["ArnEquals"] = new Dictionary<string, object> { ["aws:SourceArn"] = bucket.BucketArn },
                ["StringEquals"] = new Dictionary<string, object> { ["aws:SourceAccount"] = Amazon.CDK.Aws.ACCOUNT_ID },
            },
        }));

        return new BucketNotificationDestinationConfig
        {
            Arn = queue.QueueArn,
            Type = BucketNotificationDestinationType.QUEUE,
            // S3 checks it may send when the notification is created, so the queue policy must exist first.
            Dependencies = result.PolicyDependable is { } policy ? [policy] : null,
        };
    }
}
