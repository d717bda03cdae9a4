using System.Globalization;
using System.Text;
using System.Text.Json;
using TrailNormalizer.Core.Mapping;

namespace TrailNormalizer.Core.Evidence;

/// <summary>
/// Files normalized events into partitioned batches and quarantined items into quarantine batches,
/// writing each batch object and then its manifest, create-only, to an <see cref="IEvidenceStore"/>.
/// <para>
/// An adapter that acknowledges input items one by one (SQS messages) sets <see cref="TrackOwners"/> and names the
/// item being routed in <see cref="CurrentOwner"/>: a batch that then cannot be stored fails every item that put
/// something in it (<see cref="FailedOwners"/>) instead of throwing, so no item is acknowledged without its evidence.
/// </para>
/// </summary>
public sealed class EvidenceWriter : IRecordSink, IDisposable
{
    /// <summary>Sealed batches held for a store group at most; a group is stored sooner when it reaches this.</summary>
    private const long MaxUnstoredBytes = 8L * 1024 * 1024;
    private readonly IEvidenceStore _store;
    private readonly TimeProvider _time;
    private readonly EvidenceWriterOptions _options;
    private readonly Dictionary<string, OpenBatch> _open = new(StringComparer.Ordinal);
    private readonly LinkedList<OpenBatch> _leastRecentlyUsed = new();
    private long _openBytes;
    private readonly List<SealedBatch> _unstored = [];
    private readonly Dictionary<string, int> _batchesHolding = new(StringComparer.Ordinal);
    private long _unstoredBytes;
    private DateTimeOffset _lastAgeSweep;
    private OpenBatch? _quarantine;
    private readonly HashSet<string> _failedOwners = new(StringComparer.Ordinal);

    public EvidenceWriter(IEvidenceStore store, TimeProvider time, EvidenceWriterOptions? options = null)
    {
        _store = store;
        _time = time;
        _options = options ?? new EvidenceWriterOptions();
        _lastAgeSweep = time.GetUtcNow();
    }

    public long NormalizedCount { get; private set; }

    public long QuarantinedCount { get; private set; }

    public long ControlCount { get; private set; }

    /// <summary>Control messages by kind, e.g. "s3:TestEvent".</summary>
    public Dictionary<string, long> ControlKinds { get; } = new(StringComparer.Ordinal);

    public int BatchesWritten { get; private set; }

    /// <summary>The object key of the batch the last normalized event went into (detection findings name it).</summary>
    public string? LastEventBatchKey { get; private set; }

    public Dictionary<int, long> ClassCounts { get; } = [];

    /// <summary>Record store failures against batch owners instead of throwing them.</summary>
    public bool TrackOwners { get; init; }

    /// <summary>The input item whose events are being written now; null for none.</summary>
    public string? CurrentOwner { get; set; }

    /// <summary>Items with an event or quarantine entry in a batch that could not be stored (with <see cref="TrackOwners"/>).</summary>
    public IReadOnlySet<string> FailedOwners => _failedOwners;

    /// <summary>The first store failure recorded with <see cref="TrackOwners"/>, for the log and the error answer.</summary>
    public Exception? FirstStoreError { get; private set; }

    /// <summary>Batches that could not be stored (with <see cref="TrackOwners"/>).</summary>
    public int BatchesFailed { get; private set; }

    /// <summary>The input being written now (resumable local runs); its records already stored by an earlier run are skipped.</summary>
    public Runs.InputCursor? CurrentInput { get; set; }

    /// <summary>Raised after a batch and its manifest are stored: the manifest key and the inputs (SHA-256) with records in it.</summary>
    public event Action<string, IReadOnlyCollection<string>>? BatchStored;

    /// <summary>True while a batch not yet stored (open, or sealed and waiting for its store group) holds records of the input.</summary>
    public bool HoldsInput(string sha256) => _batchesHolding.ContainsKey(sha256);

    public void Normalized(NormalizedEvent normalizedEvent)
    {
        if (NextOrdinal() is not { } ordinal)
        {
            return;
        }

        string folder = EvidenceKeys.EventBatchFolder(normalizedEvent.Partition, normalizedEvent.TimeMs);
        var batch = OpenFor(folder, normalizedEvent.Partition);
        _openBytes -= batch.MemoryBytes;
        batch.Append(normalizedEvent.Json, normalizedEvent.TimeMs, normalizedEvent.ClassUid.ToString(CultureInfo.InvariantCulture));
        _openBytes += batch.MemoryBytes;
        LastEventBatchKey = batch.Folder + batch.BatchId + EvidenceKeys.BatchSuffix;
        AddOwner(batch);
        AddInput(batch, ordinal);
        NormalizedCount++;
        ClassCounts[normalizedEvent.ClassUid] = ClassCounts.GetValueOrDefault(normalizedEvent.ClassUid) + 1;
        if (IsFull(batch))
        {
            Seal(batch);
        }

        KeepWithinBudgets();
    }

    public void Quarantined(QuarantineItem item)
    {
        if (NextOrdinal() is not { } ordinal)
        {
            return;
        }

        var now = _time.GetUtcNow();
        _quarantine ??= new OpenBatch(EvidenceKeys.QuarantineFolder(now), EvidenceKeys.NewBatchId(now, _options.RunTag), "quarantine", new Dictionary<string, string>(), now);
        _quarantine.Append(QuarantineLine(item), null, null);
        AddOwner(_quarantine);
        AddInput(_quarantine, ordinal);
        QuarantinedCount++;
        if (IsFull(_quarantine))
        {
            Seal(_quarantine);
        }
    }

    public void Control(string kind, string source)
    {
        ControlCount++;
        ControlKinds[kind] = ControlKinds.GetValueOrDefault(kind) + 1;
    }

    /// <summary>Seals and stores every open batch. Call at the end of a run; nothing is durable before it returns.</summary>
    public void Flush()
    {
        foreach (var batch in _leastRecentlyUsed.Reverse().ToList())
        {
            Seal(batch);
        }

        if (_quarantine is not null)
        {
            Seal(_quarantine);
        }

        StoreUnstored();
    }

    /// <summary>
    /// The quarantine line: <c>{"reason","source","raw","raw_encoding","raw_sha256","raw_truncated"}</c>, plus
    /// <c>raw_offset</c> and <c>raw_length</c> when known. <c>raw</c> holds the bytes exactly: as text when they are
    /// valid UTF-8, base64 otherwise; <c>raw_sha256</c> is the SHA-256 of those bytes (of the kept prefix when truncated).
    /// </summary>
    public static byte[] QuarantineLine(QuarantineItem item)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(item.Raw.Length + 256);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("reason", item.Reason);
            w.WriteString("source", item.Source);
            if (IsUtf8(item.Raw.Span))
            {
                w.WriteString("raw", Encoding.UTF8.GetString(item.Raw.Span));
                w.WriteString("raw_encoding", "utf-8");
            }
            else
            {
                w.WriteBase64String("raw", item.Raw.Span);
                w.WriteString("raw_encoding", "base64");
            }

            w.WriteString("raw_sha256", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(item.Raw.Span)));
            w.WriteBoolean("raw_truncated", item.RawTruncated);
            if (item.RawOffset is { } offset)
            {
                w.WriteNumber("raw_offset", offset);
            }

            if (item.RawLength is { } length)
            {
                w.WriteNumber("raw_length", length);
            }

            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public void Dispose()
    {
        foreach (var batch in _open.Values)
        {
            batch.Dispose();
        }

        _quarantine?.Dispose();
    }

    /// <summary>The open batch of the partition folder, most recently used now; a new one when none is open (sealing the least recently used one at the open-batch limit).</summary>
    private OpenBatch OpenFor(string folder, EvidencePartition partition)
    {
        if (_open.TryGetValue(folder, out var batch))
        {
            _leastRecentlyUsed.Remove(batch.Use!);
            _leastRecentlyUsed.AddFirst(batch.Use!);
            return batch;
        }

        if (_open.Count >= _options.MaxOpenBatches)
        {
            Seal(_leastRecentlyUsed.Last!.Value);
        }

        var now = _time.GetUtcNow();
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["cloud"] = partition.Cloud,
            ["account"] = partition.Account,
            ["region"] = partition.Region,
        };
        batch = new OpenBatch(folder, EvidenceKeys.NewBatchId(now, _options.RunTag), "events", values, now);
        batch.Use = _leastRecentlyUsed.AddFirst(batch);
        _open[folder] = batch;
        _openBytes += batch.MemoryBytes;
        return batch;
    }

    /// <summary>
    /// Seals least recently used batches while the open ones hold more than the memory budget (the one just written stays
    /// open), and, at most once a second, every batch open longer than the age budget.
    /// </summary>
    private void KeepWithinBudgets()
    {
        while (_openBytes > _options.MaxOpenBatchBytes && _leastRecentlyUsed.Count > 1)
        {
            Seal(_leastRecentlyUsed.Last!.Value);
        }

        var now = _time.GetUtcNow();
        if (now - _lastAgeSweep < TimeSpan.FromSeconds(1))
        {
            return;
        }

        _lastAgeSweep = now;
        foreach (var expired in _leastRecentlyUsed.Where(b => now - b.Opened >= _options.MaxBatchAge).ToList())
        {
            Seal(expired);
        }
    }

    private bool IsFull(OpenBatch batch) =>
        batch.Count >= _options.MaxEventsPerBatch || batch.UncompressedBytes >= _options.MaxUncompressedBytesPerBatch;

    /// <summary>The record's ordinal in the current input (-1 without one), or null when an earlier run stored it.</summary>
    private long? NextOrdinal() => CurrentInput is { } input ? input.Next() : -1;

    private void AddInput(OpenBatch batch, long ordinal)
    {
        if (CurrentInput is { } input)
        {
            if (!batch.Inputs.TryGetValue(input.Sha256, out var ranges))
            {
                batch.Inputs[input.Sha256] = ranges = new Runs.OrdinalRanges();
                _batchesHolding[input.Sha256] = _batchesHolding.GetValueOrDefault(input.Sha256) + 1;
            }

            ranges.Add(ordinal);
        }
    }

    private void AddOwner(OpenBatch batch)
    {
        if (CurrentOwner is { } owner)
        {
            batch.Owners.Add(owner);
        }
    }

    private void Seal(OpenBatch batch)
    {
        long held = batch.MemoryBytes;
        try
        {
            var now = _time.GetUtcNow();
            var retainUntil = _options.Retention.RetainUntil(now);
            var (bytes, manifest) = batch.Seal(now, _options.Producer, retainUntil);
            var closed = new SealedBatch(bytes, manifest, retainUntil, batch.Inputs.Keys.ToList());
            if (TrackOwners)
            {
                Store([closed]);
            }
            else
            {
                _unstored.Add(closed);
                _unstoredBytes += bytes.Length;
                if (_unstored.Count >= _options.BatchesPerStoreGroup || _unstoredBytes >= MaxUnstoredBytes)
                {
                    StoreUnstored();
                }
            }
        }
        catch (Exception ex) when (TrackOwners && ex is not OutOfMemoryException)
        {
            BatchesFailed++;
            FirstStoreError ??= ex;
            _failedOwners.UnionWith(batch.Owners);
        }
        finally
        {
            batch.Dispose();
            if (TrackOwners)
            {
                Release(batch.Inputs.Keys); // stored or failed just now
            }

            if (ReferenceEquals(batch, _quarantine))
            {
                _quarantine = null;
            }
            else
            {
                _open.Remove(batch.Folder);
                _leastRecentlyUsed.Remove(batch.Use!);
                _openBytes -= held;
            }
        }
    }

    /// <summary>Stores the sealed batches held for the next group.</summary>
    private void StoreUnstored()
    {
        var group = _unstored.ToList();
        _unstored.Clear();
        _unstoredBytes = 0;
        Store(group);
        foreach (var stored in group)
        {
            Release(stored.Inputs);
        }
    }

    private void Release(IEnumerable<string> inputs)
    {
        foreach (string sha in inputs)
        {
            if (_batchesHolding.TryGetValue(sha, out int held) && held > 1)
            {
                _batchesHolding[sha] = held - 1;
            }
            else
            {
                _batchesHolding.Remove(sha);
            }
        }
    }

    /// <summary>Stores the batch objects, then their manifests (a manifest never names an object not yet durable), then tells the listeners.</summary>
    private void Store(List<SealedBatch> group)
    {
        if (group.Count == 0)
        {
            return;
        }

        _store.PutAll(group.Select(b => new NewObject(b.Manifest.ObjectKey, b.Object, b.RetainUntil)).ToList());
        _store.PutAll(group.Select(b => new NewObject(EvidenceKeys.ManifestKeyFor(b.Manifest.ObjectKey), b.Manifest.ToJson(), b.RetainUntil)).ToList());
        foreach (var stored in group)
        {
            BatchesWritten++;
            BatchStored?.Invoke(EvidenceKeys.ManifestKeyFor(stored.Manifest.ObjectKey), stored.Inputs);
        }
    }

    /// <summary>A sealed batch waiting for its store group: the object, its manifest and the inputs with records in it.</summary>
    private sealed record SealedBatch(byte[] Object, BatchManifest Manifest, DateTimeOffset RetainUntil, IReadOnlyCollection<string> Inputs);

    private static bool IsUtf8(ReadOnlySpan<byte> bytes) => System.Text.Unicode.Utf8.IsValid(bytes);
}
