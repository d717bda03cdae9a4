using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Mapping;

namespace TrailNormalizer.Core.Pipeline;

/// <summary>
/// Routes units on several threads and hands what they produce to the sink in exactly the order one thread would.
/// <list type="bullet">
/// <item>The caller (the reader) submits units in input order; each takes the next place in the order.</item>
/// <item>Workers take units in that order and route each (router and tagging, while its parsed document is alive) into the
/// unit's own buffer of outputs (events, quarantine items, control messages, in the order they were produced).</item>
/// <item>One writer thread replays the buffers place by place into the sink (the evidence writer): batching, gzip, Merkle
/// and storing see the sequential order, and overlap with routing.</item>
/// </list>
/// Memory is bounded: at most <c>maxUnits</c> places in flight, their input bytes within <c>maxBytes</c> (one larger unit
/// alone is let in), outputs not yet replayed within <c>maxBytes</c>; the unit being replayed streams its outputs
/// (held back beyond <c>headBytes</c>), so an envelope resolving to a large object does not sit in memory whole.
/// The first exception of the sink (or one routing threw past the per-record boundary) stops the workers and the writer,
/// and is thrown as it was thrown from the caller's next <see cref="Submit"/>, <see cref="Add"/> or <see cref="Drain"/>.
/// Threads are woken in bulk, not per unit: the writer looks for finished units every millisecond while it waits for one,
/// and a reader waiting for room is let on when half the places are free.
/// The stage keeps none of the caller's bytes past <see cref="Submit"/>: it copies a unit's value into a buffer rented from
/// its pool, which the worker returns once routing the unit has ended (<see cref="RoutedUnit"/>), so a caller may hand over
/// units that borrow a reader's window (<see cref="JsonUnitReader.ReadTransient"/>).
/// </summary>
internal sealed class OrderedRouteStage : IDisposable
{
    // Small enough that what waits in flight does not grow the collector's work (it survives young collections), large enough
    // that the workers never wait for the writer's millisecond polls.
    public const long DefaultMaxBytes = 16L * 1024 * 1024;
    private const long PublishChunkBytes = 256 * 1024;

    private readonly object _gate = new();
    private readonly Queue<RoutedUnit> _inFlight = new(); // the order; the first is replayed now
    private readonly BlockingCollection<RoutedUnit> _work = new(new ConcurrentQueue<RoutedUnit>());
    private readonly CancellationTokenSource _stop = new();
    private readonly IRecordSink _target;
    private readonly Action? _afterEach;
    private readonly int _maxUnits;
    private readonly long _maxBytes;
    private readonly long _headBytes;
    private readonly ArrayPool<byte> _inputPool;
    private readonly Thread[] _workers;
    private readonly Thread _writer;
    private long _inputBytes;
    private long _outputBytes;
    private volatile bool _stopped;
    private ExceptionDispatchInfo? _fault;
    private bool _disposed;
    private bool _readerWaiting;
    private int _workersWaiting;

    /// <param name="workers">Routing threads.</param>
    /// <param name="newWorkerRoute">Builds one worker's routing (its own router and tagging) in front of the sink it is given.</param>
    /// <param name="target">Where outputs are replayed, on the writer thread.</param>
    /// <param name="afterEach">Runs on the writer thread after each place is replayed (e.g. to publish progress); null for none.</param>
    /// <param name="maxUnits">Most places in flight.</param>
    /// <param name="maxBytes">About the most input bytes, and output bytes, held in flight.</param>
    /// <param name="headBytes">Outputs of the unit being replayed held at most before its worker waits for the writer.</param>
    /// <param name="inputPool">Where the copies of submitted units' bytes are rented; null for <see cref="ArrayPool{T}.Shared"/>.</param>
    public OrderedRouteStage(int workers, Func<IRecordSink, Action<InputUnit>> newWorkerRoute, IRecordSink target, Action? afterEach = null,
        int maxUnits = 1024, long maxBytes = DefaultMaxBytes, long headBytes = 4L * 1024 * 1024, ArrayPool<byte>? inputPool = null)
    {
        _inputPool = inputPool ?? ArrayPool<byte>.Shared;
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        _target = target;
        _afterEach = afterEach;
        _maxUnits = maxUnits;
        _maxBytes = maxBytes;
        _headBytes = headBytes;
        _workers = new Thread[workers];
        for (int i = 0; i < workers; i++)
        {
            var sink = new UnitSink(this);
            var route = newWorkerRoute(sink);
            _workers[i] = new Thread(() => Work(sink, route)) { IsBackground = true, Name = $"trailnorm-route-{i + 1}" };
        }

        _writer = new Thread(Write) { IsBackground = true, Name = "trailnorm-write" };
        _writer.Start();
        foreach (var worker in _workers)
        {
            worker.Start();
        }
    }

    /// <summary>Outputs replayed so far; read it only on the writer thread (in a step given to <see cref="Add"/>).</summary>
    public long OutputsReplayed { get; private set; }

    /// <summary>Takes the next place for <paramref name="unit"/>, with a copy of its bytes; waits while the stage is full.</summary>
    public void Submit(InputUnit unit)
    {
        var routed = RoutedUnit.ToRoute(unit, _inputPool);
        Admit(routed);
        _work.Add(routed);
    }

    /// <summary>Takes the next place for a step the writer thread runs with the sink once everything before it is replayed.</summary>
    public void Add(Action<IRecordSink> writerStep) => Admit(RoutedUnit.Step(writerStep));

    /// <summary>Waits until everything submitted is replayed; throws what stopped the stage.</summary>
    public void Drain()
    {
        lock (_gate)
        {
            while (!_stopped && _inFlight.Count > 0)
            {
                Monitor.Wait(_gate);
            }

            ThrowIfStopped();
        }
    }

    /// <summary>Waits until everything submitted is replayed or the stage stopped; throws nothing.</summary>
    public void WaitIdle()
    {
        lock (_gate)
        {
            while (!_stopped && _inFlight.Count > 0)
            {
                Monitor.Wait(_gate);
            }
        }
    }

    /// <summary>Stops the threads without replaying what is still in flight.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Stop(null);
        _writer.Join();
        foreach (var worker in _workers)
        {
            if (worker.ThreadState != ThreadState.Unstarted)
            {
                worker.Join();
            }
        }

        _work.Dispose();
        _stop.Dispose();
    }

    private void Admit(RoutedUnit routed)
    {
        lock (_gate)
        {
            while (!_stopped && (_inFlight.Count >= _maxUnits || (_inFlight.Count > 0 && _inputBytes + routed.InputBytes > _maxBytes)))
            {
                _readerWaiting = true;
                Monitor.Wait(_gate);
            }

            _readerWaiting = false;
            ThrowIfStopped();
            routed.IsHead = _inFlight.Count == 0;
            _inFlight.Enqueue(routed);
            _inputBytes += routed.InputBytes;
            if (routed.IsHead)
            {
                Monitor.PulseAll(_gate); // the writer waits without a timeout only while nothing is in flight
            }
        }
    }

    private void ThrowIfStopped()
    {
        _fault?.Throw();
        ObjectDisposedException.ThrowIf(_stopped, this);
    }

    private void Work(UnitSink sink, Action<InputUnit> route)
    {
        try
        {
            foreach (var unit in _work.GetConsumingEnumerable(_stop.Token))
            {
                sink.Current = unit;
                ExceptionDispatchInfo? fault = null;
                try
                {
                    route(unit.Input);
                }
                catch (OperationCanceledException) when (_stopped)
                {
                    return;
                }
                catch (Exception ex)
                {
                    fault = ExceptionDispatchInfo.Capture(ex); // not the record's fault (the router quarantines those): thrown in order by the writer
                }

                unit.ReleaseInput();
                Publish(unit, done: true, fault);
            }
        }
        catch (OperationCanceledException) when (_stopped)
        {
            // Stopped while waiting for work.
        }
    }

    private void Append(RoutedUnit unit, RoutedOutput output)
    {
        unit.Local.Add(output);
        unit.LocalBytes += output.Bytes;
        if (unit.LocalBytes >= PublishChunkBytes)
        {
            Publish(unit, done: false, null);
        }
    }

    /// <summary>Hands the worker's outputs to the writer thread, waiting while they do not fit (see the class summary).</summary>
    private void Publish(RoutedUnit unit, bool done, ExceptionDispatchInfo? fault)
    {
        lock (_gate)
        {
            while (!_stopped && unit.LocalBytes > 0 && !Fits(unit))
            {
                _workersWaiting++;
                Monitor.Wait(_gate);
                _workersWaiting--;
            }

            if (_stopped)
            {
                throw new OperationCanceledException("the route stage stopped");
            }

            unit.Published.AddRange(unit.Local);
            unit.PublishedBytes += unit.LocalBytes;
            _outputBytes += unit.LocalBytes;
            unit.Local.Clear();
            unit.LocalBytes = 0;
            unit.Done = done;
            unit.Fault = fault;
        }

        bool Fits(RoutedUnit u) => u.IsHead ? u.PublishedBytes == 0 || u.PublishedBytes + u.LocalBytes <= _headBytes : _outputBytes + u.LocalBytes <= _maxBytes;
    }

    private void Write()
    {
        var replaying = new List<RoutedOutput>();
        try
        {
            while (true)
            {
                RoutedUnit head;
                bool done;
                lock (_gate)
                {
                    while (!_stopped && (_inFlight.Count == 0 || _inFlight.Peek() is { Published.Count: 0, Done: false }))
                    {
                        Monitor.Wait(_gate, _inFlight.Count == 0 ? Timeout.Infinite : 1);
                    }

                    if (_stopped)
                    {
                        return;
                    }

                    head = _inFlight.Peek();
                    (replaying, head.Published) = (head.Published, replaying);
                    _outputBytes -= head.PublishedBytes;
                    head.PublishedBytes = 0;
                    done = head.Done;
                    if (_workersWaiting > 0)
                    {
                        Monitor.PulseAll(_gate);
                    }
                }

                foreach (var output in replaying)
                {
                    output.ReplayTo(_target);
                    OutputsReplayed++;
                }

                replaying.Clear();
                if (done)
                {
                    head.WriterStep?.Invoke(_target);
                    head.Fault?.Throw();
                    _afterEach?.Invoke();
                    Retire(head);
                }
            }
        }
        catch (Exception ex)
        {
            Stop(ExceptionDispatchInfo.Capture(ex));
        }
    }

    /// <summary>Frees the replayed place; the next one is replayed now.</summary>
    private void Retire(RoutedUnit head)
    {
        lock (_gate)
        {
            _inFlight.Dequeue();
            _inputBytes -= head.InputBytes;
            if (_inFlight.TryPeek(out var next))
            {
                next.IsHead = true;
            }

            if (_inFlight.Count == 0 || _workersWaiting > 0 || (_readerWaiting && _inFlight.Count <= _maxUnits / 2 && _inputBytes <= _maxBytes / 2))
            {
                Monitor.PulseAll(_gate);
            }
        }
    }

    private void Stop(ExceptionDispatchInfo? fault)
    {
        lock (_gate)
        {
            _fault ??= fault;
            _stopped = true;
            Monitor.PulseAll(_gate);
        }

        _stop.Cancel();
    }

    /// <summary>A worker's sink: appends to the unit it routes now.</summary>
    private sealed class UnitSink(OrderedRouteStage stage) : IRecordSink
    {
        public RoutedUnit Current { get; set; } = null!;

        public void Normalized(NormalizedEvent normalizedEvent) => stage.Append(Current, RoutedOutput.Event(normalizedEvent));

        public void Quarantined(QuarantineItem item) => stage.Append(Current, RoutedOutput.Quarantine(item));

        public void Control(string kind, string source) => stage.Append(Current, RoutedOutput.Control(kind, source));
    }
}
