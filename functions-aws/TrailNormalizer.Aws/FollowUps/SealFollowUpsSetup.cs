using Amazon.S3;
using TrailNormalizer.Aws.Configuration;
using TrailNormalizer.Aws.Findings;
using TrailNormalizer.Aws.Runtime;
using TrailNormalizer.Aws.Storage;
using TrailNormalizer.Aws.CheckpointWitness;
using TrailNormalizer.Core.Evidence;

namespace TrailNormalizer.Aws.FollowUps;

/// <summary>Builds the seal follow-ups the settings turn on: the witness copy (TRAILNORM_WITNESS_BUCKET), then findings to SNS (TRAILNORM_FINDINGS_TOPIC_ARN).</summary>
public static class SealFollowUpsSetup
{
    /// <summary>The seal handler wrapped with its follow-ups, or unchanged when none is configured.</summary>
    public static IInvocationHandler Wrap(
        IInvocationHandler seal, LambdaSettings settings, IAmazonS3 s3, IEvidenceStore evidence, RetryPolicy retry, TimeProvider time,
        Func<string, string?> environment, List<IDisposable> owned)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(owned);
        var steps = new List<(string, ISealFollowUp)>();
        if (settings.WitnessBucket is { } bucket)
        {
            // The bucket's own default encryption applies: the evidence data key may not be usable from the witness's account.
            var witness = new S3EvidenceStore(s3, new S3EvidenceStoreOptions(bucket, settings.WitnessPrefix), retry);
            steps.Add(("witness", new WitnessCopier(evidence, witness, settings.Retention, time)));
        }

        if (settings.FindingsTopicArn is { } topic && SnsTopicArn.TryRegion(topic, out string region))
        {
            var sns = new SnsPublishClient(region, settings.SnsEndpoint, () => AwsCredentials.FromEnvironment(environment), time);
            owned.Add(sns);
            steps.Add(("findings", new FindingsPublisher(evidence, sns, topic, settings.Retention, time)));
        }

        return steps.Count == 0 ? seal : new SealWithFollowUps(seal, steps, JsonLog.StandardOutput(time));
    }
}
