using System.Text.Json;
using TrailNormalizer.Core.Input;

namespace TrailNormalizer.Core.Pipeline;

/// <summary>A record whose bytes cannot be kept exactly (see <see cref="RecordBytes"/>): it is quarantined, never repaired.</summary>
public sealed class RecordBytesException(string problem) : Exception(problem);

/// <summary>A failure while processing one record outside the mappers (e.g. tagging it): the record's fault, not the run's.</summary>
public sealed class RecordFaultException(string stage, Exception inner) : Exception($"{stage} failed", inner)
{
    public string Stage { get; } = stage;
}

/// <summary>
/// Wraps a failure of storage, the network or an object source met while routing a record, so the per-record
/// boundary lets it through; <see cref="Mapping.RecordRouter.Route"/> rethrows the original exception.
/// </summary>
public sealed class EnvironmentFaultException(Exception inner) : Exception(inner.Message, inner);

/// <summary>Which exceptions are one record's fault (quarantine it, go on) and how to describe them.</summary>
public static class RecordFaults
{
    private const int MaxMessageChars = 300;

    /// <summary>True for a fault of the record being processed; false for storage, I/O, network, cancellation and memory.</summary>
    public static bool IsRecordFault(Exception ex) => ex is not (EnvironmentFaultException or IOException or HttpRequestException
        or OperationCanceledException or OutOfMemoryException or UnauthorizedAccessException or TimeoutException);

    /// <summary>The quarantine reason: what is wrong with the bytes when something is, the exception type, message and JSON path.</summary>
    public static string Reason(Exception ex, ReadOnlySpan<byte> raw)
    {
        if (ex is RecordBytesException)
        {
            return $"record bytes cannot be kept exactly: {ex.Message}";
        }

        var cause = ex is RecordFaultException { InnerException: { } inner } ? inner : ex;
        string stage = ex is RecordFaultException fault ? fault.Stage : "mapping";
        string described = $"{cause.GetType().Name}: {OneLine(cause.Message)}{PathOf(cause)}";
        return RecordBytes.Problem(raw) is { } problem
            ? $"record bytes cannot be kept exactly: {problem} ({stage} threw {described})"
            : $"{stage} failed: {described}";
    }

    private static string PathOf(Exception ex) => ex is JsonException { Path: { Length: > 0 } path } ? $" (at {path})" : "";

    private static string OneLine(string message)
    {
        string line = message.ReplaceLineEndings(" ");
        return line.Length <= MaxMessageChars ? line : line[..MaxMessageChars] + "...";
    }
}
