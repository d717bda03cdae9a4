using System.Text.Json;
using TrailNormalizer.Aws.Runtime;

namespace TrailNormalizer.Aws.FollowUps;

/// <summary>
/// The seal function with the steps that follow a seal. The seal runs first and its failure fails the invocation as
/// before. Every step then runs even when an earlier one failed (a witness outage must not hold back findings); a
/// failed step is logged and, after all steps, fails the invocation so EventBridge retries and the error metric shows it.
/// Every step is idempotent, so a retry redoes only what is missing.
/// </summary>
public sealed class SealWithFollowUps(IInvocationHandler seal, IReadOnlyList<(string Name, ISealFollowUp Step)> followUps, JsonLog log) : IInvocationHandler
{
    public HandlerResult Handle(ReadOnlyMemory<byte> payload, InvocationContext context)
    {
        var sealed_ = seal.Handle(payload, context);
        var counts = new List<KeyValuePair<string, long>>(sealed_.Counts);
        var failed = new List<string>();
        foreach (var (name, step) in followUps)
        {
            try
            {
                counts.AddRange(step.Run());
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                failed.Add(name);
                log.Error("seal follow-up failed", w => Describe(w, name, ex));
            }
        }

        return failed.Count == 0
            ? sealed_ with { Counts = counts }
            : throw new SealFollowUpException($"sealed, but {string.Join(" and ", failed)} failed (see the log); the next run retries");
    }

    private static void Describe(Utf8JsonWriter w, string step, Exception ex)
    {
        w.WriteString("step", step);
        w.WriteString("errorType", ex.GetType().Name);
        w.WriteString("error", ex.Message);
    }
}

/// <summary>A step after a successful seal failed; the evidence and its checkpoint are stored.</summary>
public sealed class SealFollowUpException(string message) : Exception(message);
