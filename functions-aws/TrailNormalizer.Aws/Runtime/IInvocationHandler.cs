using System.Text.Json;

namespace TrailNormalizer.Aws.Runtime;

/// <summary>What one invocation may use: its id, its deadline (already shortened by a safety margin) and the log.</summary>
/// <param name="RequestId">The Lambda request id.</param>
/// <param name="Deadline">When the handler must have answered; storage retries stop before it.</param>
/// <param name="Cancellation">Cancelled at <paramref name="Deadline"/>.</param>
public sealed record InvocationContext(string RequestId, DateTimeOffset Deadline, CancellationToken Cancellation);

/// <summary>The handler's answer and the counts that go into the invocation's log line.</summary>
public sealed record HandlerResult(byte[] Response, IReadOnlyList<KeyValuePair<string, long>> Counts);

/// <summary>One Lambda function's logic (SQS normalizer, sealer). Throws to fail the invocation.</summary>
public interface IInvocationHandler
{
    HandlerResult Handle(ReadOnlyMemory<byte> payload, InvocationContext context);
}

/// <summary>Writes a result's counts into a log line.</summary>
public static class HandlerResultLog
{
    public static void WriteCounts(Utf8JsonWriter w, HandlerResult result)
    {
        foreach (var (name, value) in result.Counts)
        {
            w.WriteNumber(name, value);
        }
    }
}
