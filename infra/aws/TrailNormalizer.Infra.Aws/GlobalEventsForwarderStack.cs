using Amazon.CDK;
using Amazon.CDK.AWS.Events;
using Constructs;
using EventBusTarget = Amazon.CDK.AWS.Events.Targets.EventBus;

namespace TrailNormalizer.Infra.Aws;

/// <summary>
/// A small stack in us-east-1 that forwards the CloudTrail events of global services to the default event bus of the
/// home region, where the main stack's rule routes them to the ingest queue. CloudTrail records console sign-ins and
/// the calls of IAM, STS's global endpoint, Organizations and the other global services in us-east-1, and puts them on
/// that region's bus only, so a stack elsewhere never sees them without this (or a trail bucket, which has them all).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "A CloudFormation stack; the name is CDK usage.")]
public sealed class GlobalEventsForwarderStack : Stack
{
    public const string GlobalRegion = "us-east-1";

    /// <summary>Event sources whose CloudTrail events are recorded in us-east-1 whatever region the caller used.</summary>
    public static readonly string[] GlobalEventSources =
    [
        "signin.amazonaws.com",
        "iam.amazonaws.com",
        "sts.amazonaws.com",
        "organizations.amazonaws.com",
        "account.amazonaws.com",
        "cloudfront.amazonaws.com",
        "route53.amazonaws.com",
        "support.amazonaws.com",
    ];

    public GlobalEventsForwarderStack(Construct scope, string id, string homeRegion, TrailNormalizerSettings settings, string? account = null)
        : base(scope, id, new StackProps
        {
            Description = $"TrailNormalizer: forwards global-service CloudTrail events from {GlobalRegion} to {homeRegion}",
            Env = new Amazon.CDK.Environment { Account = account, Region = GlobalRegion },
        })
    {
        ArgumentNullException.ThrowIfNull(settings);
        EnsureForwardable(homeRegion);
        HomeBusArn = $"arn:{Amazon.CDK.Aws.PARTITION}:events:{homeRegion}:{Amazon.CDK.Aws.ACCOUNT_ID}:event-bus/default";

        Rule = new Rule(this, "Rule", new RuleProps
        {
            Description = $"TrailNormalizer: global-service CloudTrail events to the default bus in {homeRegion}",
            EventPattern = new EventPattern
            {
                DetailType = CloudTrailEvents.DetailTypes,
                Detail = new Dictionary<string, object> { ["eventSource"] = GlobalEventSources },
            },
        });
        if (settings.ReadOnlyEvents)
        {
            ((Amazon.CDK.AWS.Events.CfnRule)Rule.Node.DefaultChild!).State = "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS";
        }

        // Cross-region targets need a role; the target creates one allowed events:PutEvents on that bus only.
        Rule.AddTarget(new EventBusTarget(EventBus.FromEventBusArn(this, "HomeBus", HomeBusArn)));
    }

    public Rule Rule { get; }

    public string HomeBusArn { get; }

    /// <summary>Throws unless <paramref name="homeRegion"/> is a concrete region other than us-east-1.</summary>
    public static void EnsureForwardable(string? homeRegion)
    {
        if (string.IsNullOrWhiteSpace(homeRegion) || Token.IsUnresolved(homeRegion))
        {
            throw new ArgumentException("forwardGlobalEvents needs the stack's region: set CDK_DEFAULT_REGION (or AWS_REGION / --profile) when you synthesize.");
        }

        if (homeRegion == GlobalRegion)
        {
            throw new ArgumentException($"forwardGlobalEvents is for stacks outside {GlobalRegion}: in {GlobalRegion} the main rule already sees global-service events.");
        }
    }
}
