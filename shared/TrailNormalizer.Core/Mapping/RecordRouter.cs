using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Pipeline;

namespace TrailNormalizer.Core.Mapping;

/// <summary>
/// Decides what each input unit is by asking the handlers in turn (see <see cref="RecordHandlers"/>), and
/// unwraps plain containers (JSON arrays, <c>{"Records":[...]}</c> log files). Every record ends as exactly
/// one event, one quarantine item or one control message. Each value is routed inside a per-record fault
/// boundary: an exception while decoding, mapping or tagging it quarantines that value with the reason, and the
/// neighbours go on; failures of storage, I/O or the network pass through (see <see cref="RecordFaults"/>).
/// </summary>
public sealed class RecordRouter
{
    private const int MaxDepth = 6;

    private readonly JsonDocumentOptions _documentOptions;
    private readonly TimeProvider _time;
    private readonly IReadOnlyList<IRecordHandler> _handlers;
    private GuardedSink? _guarded; // the last sink's guard: a router routes on one thread, mostly into one sink

    public RecordRouter(InputLimits limits, TimeProvider time, IReadOnlyList<IRecordHandler>? handlers = null)
    {
        _documentOptions = new JsonDocumentOptions { MaxDepth = limits.MaxDepth };
        _time = time;
        _handlers = handlers ?? RecordHandlers.Default(new RecordHandlerOptions());
    }

    /// <summary>
    /// The time records count as received (the first receipt of the delivery being routed), so a record whose own time is
    /// unusable maps to the same bytes on every redelivery; null reads the clock.
    /// </summary>
    public DateTimeOffset? ReceivedAt { get; set; }

    /// <summary>
    /// Routes one unit read from an input; failures from the reader are quarantined as they are. Throws only what
    /// the sink (storage) or an object source threw, as it was thrown.
    /// </summary>
    public void Route(InputUnit unit, IRecordSink sink)
    {
        if (unit.IsFailure)
        {
            sink.Quarantined(QuarantineItem.FromUnit(unit));
            return;
        }

        try
        {
            RouteBytes(unit.Json, unit.Location, Guarded(sink), 0);
        }
        catch (EnvironmentFaultException ex) when (ex.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }
    }

    private GuardedSink Guarded(IRecordSink sink)
    {
        if (sink is GuardedSink guarded)
        {
            return guarded;
        }

        if (_guarded is null || !ReferenceEquals(_guarded.Inner, sink))
        {
            _guarded = new GuardedSink(sink);
        }

        return _guarded;
    }

    internal void RouteBytes(ReadOnlyMemory<byte> json, string location, IRecordSink sink, int depth)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, _documentOptions);
        }
        catch (JsonException ex)
        {
            sink.Quarantined(new QuarantineItem($"malformed JSON: {ex.Message}", location, json.ToArray()));
            return;
        }

        using (document)
        {
            RouteValue(document.RootElement, json.Span, location, sink, depth);
        }
    }

    internal void RouteValue(JsonElement value, ReadOnlySpan<byte> raw, string location, IRecordSink sink, int depth)
    {
        try
        {
            RouteInsideBoundary(value, raw, location, sink, depth);
        }
        catch (Exception ex) when (RecordFaults.IsRecordFault(ex))
        {
            sink.Quarantined(new QuarantineItem(RecordFaults.Reason(ex, raw), location, raw.ToArray()));
        }
    }

    private void RouteInsideBoundary(JsonElement value, ReadOnlySpan<byte> raw, string location, IRecordSink sink, int depth)
    {
        if (depth > MaxDepth)
        {
            sink.Quarantined(new QuarantineItem($"envelopes nested more than {MaxDepth} deep", location, raw.ToArray()));
            return;
        }

        if (value.ValueKind == JsonValueKind.Array)
        {
            int i = 0;
            foreach (var element in value.EnumerateArray())
            {
                RouteValue(element, JsonMarshal.GetRawUtf8Value(element), $"{location}[{i++}]", sink, depth + 1);
            }

            return;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            sink.Quarantined(new QuarantineItem($"a JSON {Describe(value.ValueKind)} is not a record", location, raw.ToArray()));
            return;
        }

        var context = new RoutingContext(this, value, sink, location, depth, (ReceivedAt ?? _time.GetUtcNow()).ToUnixTimeMilliseconds());
        try
        {
            foreach (var handler in _handlers)
            {
                if (handler.TryHandle(value, raw, context))
                {
                    return;
                }
            }
        }
        catch (MappingException ex)
        {
            sink.Quarantined(new QuarantineItem(ex.Message, location, raw.ToArray()));
            return;
        }
        finally
        {
            context.End();
        }

        if (value.TryGetProperty("Records", out var records) && records.ValueKind == JsonValueKind.Array)
        {
            int i = 0;
            foreach (var element in records.EnumerateArray())
            {
                RouteValue(element, JsonMarshal.GetRawUtf8Value(element), $"{location}#Records[{i++}]", sink, depth + 1);
            }

            return;
        }

        string bytesProblem = RecordBytes.Problem(raw) is { } problem ? $"; its bytes cannot be kept exactly: {problem}" : "";
        sink.Quarantined(new QuarantineItem(UnknownShapeReason(value) + bytesProblem, location, raw.ToArray()));
    }

    private static string UnknownShapeReason(JsonElement value)
    {
        var keys = value.EnumerateObject().Select(p => p.Name).Take(8);
        return $"unrecognized record shape (keys: {string.Join(", ", keys)})";
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };
}
