using Amazon.CDK;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.Events.Targets;
using Amazon.CDK.AWS.Lambda;
using Constructs;

namespace TrailNormalizer.Infra.Aws;

/// <summary>Invokes the sealer every few minutes; reserved concurrency 1 on the function keeps runs from overlapping.</summary>
public sealed class SealSchedule : Construct
{
    public SealSchedule(Construct scope, string id, IFunction sealFunction, int rateMinutes) : base(scope, id)
    {
        Rule = new Rule(this, "Rule", new RuleProps
        {
            Description = "TrailNormalizer: seal new evidence batches into a signed checkpoint",
            Schedule = Schedule.Rate(Duration.Minutes(rateMinutes)),
        });
        Rule.AddTarget(new LambdaFunction(sealFunction, new LambdaFunctionProps { RetryAttempts = 2 }));
    }

    public Rule Rule { get; }
}
