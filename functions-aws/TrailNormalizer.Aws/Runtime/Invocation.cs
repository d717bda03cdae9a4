namespace TrailNormalizer.Aws.Runtime;

/// <summary>One event Lambda handed to this process (GET /runtime/invocation/next).</summary>
/// <param name="RequestId">Lambda-Runtime-Aws-Request-Id.</param>
/// <param name="DeadlineMs">Lambda-Runtime-Deadline-Ms: Unix milliseconds when Lambda stops the invocation.</param>
/// <param name="TraceId">Lambda-Runtime-Trace-Id (X-Ray), when tracing is on.</param>
/// <param name="FunctionArn">Lambda-Runtime-Invoked-Function-Arn.</param>
/// <param name="Payload">The event JSON.</param>
public sealed record Invocation(string RequestId, long DeadlineMs, string? TraceId, string? FunctionArn, byte[] Payload);

/// <summary>The Runtime API answered in a way the runtime cannot continue from.</summary>
public sealed class RuntimeApiException(string message, int statusCode = 0) : Exception(message)
{
    /// <summary>The HTTP status, or 0 when there was no answer.</summary>
    public int StatusCode { get; } = statusCode;
}

/// <summary>An invocation whose payload is larger than the runtime accepts; it is answered with an error.</summary>
public sealed class PayloadTooLargeException(string requestId, long limit)
    : Exception($"invocation payload exceeds {limit} bytes")
{
    public string RequestId { get; } = requestId;
}
