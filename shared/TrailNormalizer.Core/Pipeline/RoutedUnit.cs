using System.Buffers;
using System.Runtime.ExceptionServices;
using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Mapping;

namespace TrailNormalizer.Core.Pipeline;

/// <summary>
/// One place in the <see cref="OrderedRouteStage"/>'s order: a unit to route with the outputs routing it produced, or a step
/// the writer thread runs at that place (<see cref="WriterStep"/>). The worker fills <see cref="Local"/> alone and moves it to
/// <see cref="Published"/> under the stage's lock, where the writer thread takes it.
/// </summary>
/// <remarks>
/// Byte ownership: <see cref="ToRoute"/> copies a value unit's bytes into a buffer rented from the stage's pool (a failed unit
/// keeps its own bytes: the reader made them for its quarantine item). The worker routes the unit, then calls
/// <see cref="ReleaseInput"/>, which returns the buffer to the pool exactly once. Routing copies whatever it keeps (events,
/// quarantine items, the bytes of payloads routed again) and ends the parsed record with the document, so nothing made from
/// the unit reads the buffer once it is back in the pool. A unit never routed (the stage stopped or was disposed first) does not
/// return its buffer: the collector takes it, and the pool makes a new one.
/// </remarks>
internal sealed class RoutedUnit
{
    private readonly ArrayPool<byte>? _pool;
    private byte[]? _rented;

    private RoutedUnit(InputUnit input, Action<IRecordSink>? writerStep, ArrayPool<byte>? pool = null)
    {
        Input = input;
        if (pool is not null && !input.IsFailure && input.Json.Length > 0)
        {
            _pool = pool;
            _rented = pool.Rent(input.Json.Length);
            input.Json.Span.CopyTo(_rented);
            Input = InputUnit.Value(_rented.AsMemory(0, input.Json.Length), input.Location);
        }

        InputBytes = input.Json.Length;
        WriterStep = writerStep;
        Done = writerStep is not null;
    }

    public InputUnit Input { get; private set; }

    /// <summary>The unit's bytes, counted against the stage's input budget until the unit is replayed.</summary>
    public long InputBytes { get; }

    /// <summary>Runs on the writer thread at this place in the order, e.g. a file's "holds no records" check; null for a unit.</summary>
    public Action<IRecordSink>? WriterStep { get; }

    /// <summary>Outputs the worker has not handed over yet (the worker's alone).</summary>
    public List<RoutedOutput> Local { get; } = [];

    public long LocalBytes { get; set; }

    /// <summary>Outputs handed over to the writer thread (under the stage's lock).</summary>
    public List<RoutedOutput> Published { get; set; } = [];

    public long PublishedBytes { get; set; }

    /// <summary>True when routing finished: nothing more will be published.</summary>
    public bool Done { get; set; }

    /// <summary>True while the writer thread replays this unit: its outputs then stream instead of waiting for the output budget.</summary>
    public bool IsHead { get; set; }

    /// <summary>What routing threw that was not the record's fault (storage, I/O): thrown on the writer thread after the outputs before it.</summary>
    public ExceptionDispatchInfo? Fault { get; set; }

    /// <summary>A unit to route, holding a copy of its value's bytes rented from <paramref name="pool"/>.</summary>
    public static RoutedUnit ToRoute(InputUnit input, ArrayPool<byte> pool) => new(input, null, pool);

    public static RoutedUnit Step(Action<IRecordSink> writerStep) => new(default, writerStep);

    /// <summary>
    /// Lets go of the input's bytes once routed, returning the rented copy (the budget still counts them until the unit is
    /// replayed). Call only when routing the unit has ended.
    /// </summary>
    public void ReleaseInput()
    {
        Input = default;
        if (_rented is { } rented)
        {
            _rented = null;
            _pool!.Return(rented);
        }
    }
}
