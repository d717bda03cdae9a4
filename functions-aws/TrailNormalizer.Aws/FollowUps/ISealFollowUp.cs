namespace TrailNormalizer.Aws.FollowUps;

/// <summary>A step the seal function runs after each seal (copy checkpoints to the witness, publish findings).</summary>
public interface ISealFollowUp
{
    /// <summary>What the step did, as counts for the invocation's log line. Throws when the step failed.</summary>
    IReadOnlyList<KeyValuePair<string, long>> Run();
}
