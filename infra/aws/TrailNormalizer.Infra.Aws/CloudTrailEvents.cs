using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.Events.Targets;
using Amazon.CDK.AWS.SQS;
using Constructs;

namespace TrailNormalizer.Infra.Aws;

/// <summary>
/// Routes this account's and region's CloudTrail management events from the default event bus to the ingest queue.
/// CloudTrail puts them on the bus only while a trail with logging enabled exists.
/// </summary>
public sealed class CloudTrailEvents : Construct
{
    public static readonly string[] DetailTypes =
    [
        "AWS API Call via CloudTrail",
        "AWS Console Sign In via CloudTrail",
        "AWS Service Event via CloudTrail",
    ];

    public CloudTrailEvents(Construct scope, string id, IQueue queue, bool readOnlyEvents) : base(scope, id)
    {
        Rule = new Rule(this, "Rule", new RuleProps
        {
            Description = "TrailNormalizer: CloudTrail management events to the ingest queue",
            EventPattern = new EventPattern { DetailType = DetailTypes },
        });
        if (readOnlyEvents)
        {
            // The opt-in state for read-only management events; the L2 Rule has no property for it.
            ((CfnRule)Rule.Node.DefaultChild!).State = "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS";
        }

        // The target adds a queue policy for events.amazonaws.com limited to this rule's ARN.
        Rule.AddTarget(new SqsQueue(queue));
    }

    public Rule Rule { get; }
}
