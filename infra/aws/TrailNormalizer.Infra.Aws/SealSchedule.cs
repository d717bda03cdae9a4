using Amazon.CDK;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.Events.Targets;
using Amazon.CDK.AWS.Lambda;
using Constructs;

namespace TrailNormalizer.Infra.Aws;

/// <summary>
/// Invokes the sealer every few minutes. Runs may overlap (a slow run, an EventBridge retry); the sealer tolerates it,
/// and <c>sealReservedConcurrency=1</c> prevents it where the account's concurrency quota allows a reservation.
/// </summary>
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
