using TrailNormalizer.Aws.Runtime;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Evidence.Checkpoints;

namespace TrailNormalizer.Aws.Functions;

/// <summary>
/// The scheduled sealer: appends the batches written since the last seal to the log and writes a checkpoint
/// signed with KMS. Answers <c>{"sequence","appended","treeSize","stale","abandoned"}</c>; a storage or KMS failure fails the
/// invocation so EventBridge retries (a half-finished seal is completed by the next one).
/// </summary>
public sealed class SealFunction(IEvidenceStore store, ICheckpointSigner signer, string origin, RetentionPolicy retention, TimeProvider time) : IInvocationHandler
{
    public HandlerResult Handle(ReadOnlyMemory<byte> payload, InvocationContext context)
    {
        var result = new Sealer(store, signer, origin, time, retention).Seal();
        return new HandlerResult(SealSummary.Json(result),
        [
            new("appended", result.Appended),
            new("treeSize", result.TreeSize),
            new("stale", result.Stale.Count),
            new("abandoned", result.Abandoned.Count),
        ]);
    }
}
