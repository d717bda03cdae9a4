using System.Runtime.ExceptionServices;
using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Mapping;

namespace TrailNormalizer.Core.Pipeline;

/// <summary>
/// One place in the <see cref="OrderedRouteStage"/>'s order: a unit to route with the outputs routing it produced, or a step
/// the writer thread runs at that place (<see cref="WriterStep"/>). The worker fills <see cref="Local"/> alone and moves it to
/// <see cref="Published"/> under the stage's lock, where the writer thread takes it.
/// </summary>
internal sealed class RoutedUnit
{
    private RoutedUnit(InputUnit input, Action<IRecordSink>? writerStep)
    {
        Input = input;
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

    public static RoutedUnit ToRoute(InputUnit input) => new(input, null);

    public static RoutedUnit Step(Action<IRecordSink> writerStep) => new(default, writerStep);

    /// <summary>Lets go of the input's bytes once routed (the budget still counts them until the unit is replayed).</summary>
    public void ReleaseInput() => Input = default;
}
