using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Evidence.Runs;
using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Mapping;
using TrailNormalizer.Core.Rules.Escalation;
using TrailNormalizer.Core.Rules.Tagging;

namespace TrailNormalizer.Core.Pipeline;

/// <summary>
/// One ingest: the only place the pipeline is assembled. It owns the router, the evidence writer, rule tagging, escalation to
/// detection findings, flushing and the summary; a host (the CLI, the Lambda, the Azure functions) only feeds it input from its
/// transport and says when the input of one delivery begins and ends. Nothing is durable before <see cref="Flush"/> returns.
/// With <see cref="IngestOptions.Workers"/> above 1, units are routed and tagged on that many threads and stored by a writer
/// thread in input order (<see cref="OrderedRouteStage"/>): the same events in the same batches as with one. Call it from one thread.
/// </summary>
public sealed class IngestSession : IDisposable
{
    private readonly IngestOptions _options;
    private readonly RecordRouter _router;
    private readonly EvidenceWriter _writer;
    private readonly FindingSink? _findings;
    private readonly IRecordSink _sink;
    private readonly OrderedRouteStage? _stage;
    private readonly string _attempt;
    private readonly DiscardedRecords _discarded = new();
    private long _inputs;
    private long _inputBytes;
    private Delivery? _delivery;
    private List<string> _deliveryBatches = [];
    private int _notStoredBeforeDelivery;
    private IngestSummary _beforeDelivery = new();
    private long _recordsStored;

    /// <param name="options">What every session of the host shares.</param>
    /// <param name="attempt">Names this session (e.g. the invocation id) in the completion records of its deliveries; null for a random name.</param>
    public IngestSession(IngestOptions options, string? attempt = null)
    {
        _options = options;
        _attempt = EvidenceKeys.Safe(attempt ?? RunRecords.NewRunId(options.Time.GetUtcNow()));
        _router = new RecordRouter(options.Limits, options.Time, RecordHandlers.Default(options.Handlers));
        _writer = new EvidenceWriter(options.Store, options.Time, options.Writer) { OnBatchNotStored = options.OnBatchNotStored };
        bool tagging = options.Rules is { Rules.Count: > 0 };
        _findings = tagging && options.Escalation is { } escalation ? new FindingSink(options.Rules!, _writer, () => _writer.LastEventBatchKey, escalation) : null;
        IRecordSink stored = (IRecordSink?)_findings ?? _writer;
        _sink = tagging ? new TaggingSink(new EventTagger(options.Rules!), stored) : stored;
        if (options.Workers > 1)
        {
            _stage = new OrderedRouteStage(options.Workers, WorkerRoute, stored,
                () => Volatile.Write(ref _recordsStored, _writer.NormalizedCount + _writer.QuarantinedCount));
        }
        _writer.BatchStored += (manifestKey, _) =>
        {
            if (_delivery is not null)
            {
                _deliveryBatches.Add(manifestKey);
            }
        };
    }

    public InputLimits Limits => _options.Limits;

    /// <summary>The writer, for the local run journal (<see cref="IInputLedger"/>): touch it only after <see cref="WaitForWriter"/>.</summary>
    internal EvidenceWriter Writer => _writer;

    /// <summary>Events and quarantine items handed to the writer so far (for progress; safe to read while routing).</summary>
    public long RecordsStored => _stage is null ? _writer.NormalizedCount + _writer.QuarantinedCount : Volatile.Read(ref _recordsStored);

    /// <summary>Routes one unit (a record, an envelope, a log file's content) into evidence.</summary>
    public void Route(InputUnit unit)
    {
        if (_stage is { } stage)
        {
            stage.Submit(unit);
        }
        else
        {
            _router.Route(unit, _sink);
        }
    }

    /// <summary>Routes every unit of a stream (a file, an object, a request body, a log blob's lines).</summary>
    public void RouteStream(Stream stream, string source, bool lineMode)
    {
        foreach (var unit in JsonUnitReader.ReadTransient(stream, source, _options.Limits, lineMode))
        {
            Route(unit);
        }
    }

    /// <summary>Waits until the writer thread has stored or batched everything routed so far (nothing to wait for with one worker).</summary>
    internal void WaitForWriter() => _stage?.Drain();

    /// <summary>
    /// Routes a local file (gzip detected). A file that cannot be read, is empty, or holds nothing to route is itself a
    /// quarantine item, so a non-empty input never ends as "0 records, 0 quarantined" without a word.
    /// </summary>
    /// <param name="file">The file.</param>
    /// <param name="onRead">Hears the file's bytes read so far (before decompression), every mebibyte; null for none.</param>
    public void RouteFile(string file, Action<long>? onRead = null)
    {
        _inputs++;
        Stream stream;
        long length;
        try
        {
            length = new FileInfo(file).Length;
            stream = onRead is null ? InputFiles.Open(file) : InputFiles.MaybeDecompress(new ReadProgressStream(InputFiles.OpenFile(file), onRead));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Quarantine(new QuarantineItem($"cannot read file: {ex.Message}", file, ReadOnlyMemory<byte>.Empty));
            return;
        }

        using (stream)
        {
            if (length == 0)
            {
                Quarantine(new QuarantineItem("empty file", file, ReadOnlyMemory<byte>.Empty));
                return;
            }

            if (_stage is { } stage)
            {
                RouteFileInOrder(stage, stream, file);
            }
            else
            {
                var counted = new OutputCounter(_sink);
                foreach (var unit in JsonUnitReader.ReadTransient(stream, file, _options.Limits, InputFiles.IsLineDelimited(file)))
                {
                    _router.Route(unit, counted);
                }

                if (counted.Outputs == 0)
                {
                    Quarantine(HoldsNoRecords(file));
                }
            }
        }

        _inputBytes += length;
    }

    /// <summary>Stores an item the host could not even hand to the router (e.g. a pointer it may not follow).</summary>
    public void Quarantine(QuarantineItem item)
    {
        if (_stage is { } stage)
        {
            stage.Add(sink => sink.Quarantined(item));
        }
        else
        {
            _sink.Quarantined(item);
        }
    }

    /// <summary>Counts one input of the host's transport (a message, an event, a log blob) for the summary.</summary>
    public void CountInput(long bytes = 0)
    {
        _inputs++;
        _inputBytes += bytes;
    }

    /// <summary>
    /// Names the input whose records are routed next; its records are numbered and the batches holding them list it in their
    /// manifests (and in <see cref="BatchNotStored.Inputs"/>). Null ends it.
    /// </summary>
    public InputCursor? CurrentInput
    {
        get
        {
            WaitForWriter();
            return _writer.CurrentInput;
        }

        set
        {
            WaitForWriter();
            _writer.CurrentInput = value;
        }
    }

    /// <summary>
    /// Starts the records of one delivery of an at-least-once transport. Its batches hold nothing else and their keys derive
    /// from the delivery, so a redelivery meets its earlier copy at the store's create-only write instead of storing it again.
    /// End it with <see cref="EndDelivery"/>, or <see cref="AbandonDelivery"/> when routing it failed.
    /// </summary>
    public void BeginDelivery(Delivery delivery)
    {
        if (_delivery is not null)
        {
            throw new InvalidOperationException("a delivery is already open");
        }

        if (_stage is not null)
        {
            throw new InvalidOperationException("deliveries are routed on one thread: a session with more than one worker cannot take them");
        }

        _writer.Flush();
        _delivery = delivery;
        _deliveryBatches = [];
        _notStoredBeforeDelivery = _writer.BatchesNotStored;
        _beforeDelivery = Counted();
        _writer.CurrentDelivery = new DeliveryBatchIds(delivery.Identity, delivery.Stamp);
        _router.ReceivedAt = PlausibleReceipt(delivery.Stamp);
        _writer.CurrentInput = new InputCursor(delivery.InputId, new HashSet<long>());
        CountInput(delivery.Size);
    }

    /// <summary>
    /// Stores the delivery's batches (or meets earlier copies of them) and records the delivery with the batches it produced
    /// (<c>inputs/INPUT-ID/ATTEMPT.json</c>). False when a batch was not stored (reported to <see cref="IngestOptions.OnBatchNotStored"/>).
    /// </summary>
    public bool EndDelivery()
    {
        var delivery = _delivery ?? throw new InvalidOperationException("no delivery is open");
        var cursor = _writer.CurrentInput!;
        try
        {
            _writer.Flush();
        }
        finally
        {
            CloseDelivery();
        }

        if (_writer.BatchesNotStored != _notStoredBeforeDelivery)
        {
            return false;
        }

        var now = _options.Time.GetUtcNow();
        byte[] record = RunRecords.Completion(_attempt, new InputIdentity(delivery.Identity, delivery.Size, delivery.InputId), now, false, cursor.Written, 0, _deliveryBatches);
        try
        {
            _options.Store.Put(RunRecords.CompletionKey(delivery.InputId, _attempt), record, _options.Writer.Retention.RetainUntil(now));
        }
        catch (EvidenceExistsException)
        {
            // This attempt recorded it already.
        }

        return true;
    }

    /// <summary>Drops what the delivery routed so far, stored nothing of it: the transport delivers it again, and then all of it is stored once.</summary>
    public void AbandonDelivery()
    {
        _writer.Discard();
        _discarded.Add(_beforeDelivery, Counted());
        CloseDelivery();
    }

    /// <summary>Stores every open batch.</summary>
    public void Flush()
    {
        WaitForWriter();
        _writer.Flush();
    }

    /// <summary>What was stored so far (after <see cref="Flush"/>: everything); records of abandoned deliveries are not counted.</summary>
    public IngestSummary Summary()
    {
        _stage?.WaitIdle();
        return _discarded.Subtract(Counted());
    }

    public void Dispose()
    {
        _stage?.Dispose(); // stops its threads before the writer goes
        _writer.Dispose();
    }

    private void CloseDelivery()
    {
        _delivery = null;
        _router.ReceivedAt = null;
        _writer.CurrentDelivery = null;
        _writer.CurrentInput = null;
    }

    /// <summary>
    /// The delivery's stamp as the time its records were received, when it can be one: not in the future and no older than
    /// a queue keeps a message (14 days). A publisher-set stamp outside that leaves the clock, and a redelivery then differs.
    /// </summary>
    private DateTimeOffset? PlausibleReceipt(DateTimeOffset stamp)
    {
        var now = _options.Time.GetUtcNow();
        return stamp <= now + TimeSpan.FromMinutes(5) && stamp >= now - TimeSpan.FromDays(14) ? stamp : null;
    }

    private IngestSummary Counted() => new()
    {
        Inputs = _inputs,
        Normalized = _writer.NormalizedCount - _writer.FindingsStored,
        Findings = _writer.FindingsStored,
        Quarantined = _writer.QuarantinedCount,
        Control = _writer.ControlCount,
        ControlKinds = _writer.ControlKinds.ToDictionary(),
        Batches = _writer.BatchesWritten,
        BatchesNotStored = _writer.BatchesNotStored,
        InputBytes = _inputBytes,
        Classes = _writer.ClassCounts.ToDictionary(),
        BatchesAlreadyStored = _writer.BatchesAlreadyStored,
    };

    private static QuarantineItem HoldsNoRecords(string file) =>
        new("the file holds no records (empty after decompression, only whitespace, or only empty arrays)", file, ReadOnlyMemory<byte>.Empty);

    /// <summary>Like the sequential path: the file's units, then, in order behind them, its "holds no records" item when they produced nothing.</summary>
    private void RouteFileInOrder(OrderedRouteStage stage, Stream stream, string file)
    {
        long outputsBefore = 0;
        stage.Add(_ => outputsBefore = stage.OutputsReplayed);
        foreach (var unit in JsonUnitReader.ReadTransient(stream, file, _options.Limits, InputFiles.IsLineDelimited(file)))
        {
            stage.Submit(unit);
        }

        stage.Add(sink =>
        {
            if (stage.OutputsReplayed == outputsBefore)
            {
                sink.Quarantined(HoldsNoRecords(file));
            }
        });
    }

    /// <summary>
    /// One worker's routing for the <see cref="OrderedRouteStage"/>: its own router and tagger, tagging before the unit's document
    /// goes, and reading each event's matched rules for escalation (which then does not parse events on the writer thread).
    /// </summary>
    private Action<InputUnit> WorkerRoute(IRecordSink into)
    {
        var router = new RecordRouter(_options.Limits, _options.Time, RecordHandlers.Default(_options.Handlers));
        IRecordSink prepared = _findings is null ? into : new MatchedRulesReader(into);
        IRecordSink sink = _options.Rules is { Rules.Count: > 0 } rules ? new TaggingSink(new EventTagger(rules), prepared) : prepared;
        return unit => router.Route(unit, sink);
    }
}
