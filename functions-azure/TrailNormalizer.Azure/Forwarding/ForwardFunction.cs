using System.Globalization;
using TrailNormalizer.Azure.Functions;
using TrailNormalizer.Azure.Host;

namespace TrailNormalizer.Azure.Forwarding;

/// <summary>
/// The timer function that sends copies of the sealed evidence to Log Analytics and escalated findings to the findings
/// topic, each sink from its own cursor (<see cref="SealedBatchForwarder"/>). It never writes evidence, so a slow or
/// failing sink cannot hold up or fail evidence storage; what failed is sent again from the evidence by the next run,
/// and the invocation fails so the failure is visible.
/// </summary>
public sealed class ForwardFunction(HandlerServices services, OutboundServices outbound)
{
    public InvocationResponse Invoke(InvocationRequest request)
    {
        if (outbound.Sinks.Count == 0)
        {
            return InvocationResponse.Ok("Forward: no sink is configured");
        }

        var parts = new List<string>();
        bool failed = false;
        foreach (var sink in outbound.Sinks)
        {
            var result = SealedBatchForwarder.Run(services.Store, sink, outbound.Settings.ForwardMaxBatches, services.Time, services.Retention);
            string part = string.Create(CultureInfo.InvariantCulture, $"{result.Sink}: {result.Batches} batches, {result.Items} items, position {result.Leaves}");
            if (result.Failure is { } reason)
            {
                failed = true;
                part += $", FAILED (sent again from the evidence next run): {reason}";
                services.Log.Error($"Forward: {result.Sink} failed at log position {result.Leaves}: {reason}");
            }

            parts.Add(part);
        }

        string what = "Forward: " + string.Join("; ", parts);
        services.Log.Info(what);
        return failed ? InvocationResponse.Failed(500, what) : InvocationResponse.Ok(what);
    }
}
