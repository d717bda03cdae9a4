using System.Globalization;
using System.Text;
using System.Text.Json;
using TrailNormalizer.Core.Mapping;

namespace TrailNormalizer.Core.Evidence;

/// <summary>
/// Files normalized events into partitioned batches and quarantined items into quarantine batches,
/// writing each batch object and then its manifest, create-only, to an <see cref="IEvidenceStore"/>.
/// <para>
/// A host that acknowledges inputs one by one (SQS messages) names the input being routed in <see cref="CurrentInput"/> and
/// listens with <see cref="OnBatchNotStored"/>: a batch that then cannot be stored is reported with every input that put
/// something in it instead of thrown, so the host acknowledges no input without its evidence.
/// </para>
/// <para>
/// Batches are stored one by one, each create-only through <see cref="CreateOnlyBatchWrite"/>, while a delivery is being
/// written (its batch keys derive from it, so a redelivery meets its earlier copy) or a host listens for failures; otherwise
/// (local runs) sealed batches are stored in groups, objects first and then their manifests.
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

    public EvidenceWriter(IEvidenceStore store, TimeProvider time, EvidenceWriterOptions? options = null)
    {
        _store = store;
        _time = time;
        _options = options ?? new EvidenceWriterOptions();
        _lastAgeSweep = time.GetUtcNow();
    }

    public long NormalizedCount { get; private set; }

    /// <summary>Of <see cref="NormalizedCount"/>, the escalated Detection Findings (none skipped as stored by an earlier run).</summary>
    public long FindingsStored { get; private set; }

    public long QuarantinedCount { get; private set; }

    public long ControlCount { get; private set; }

    /// <summary>Control messages by kind, e.g. "s3:TestEvent".</summary>
    public Dictionary<string, long> ControlKinds { get; } = new(StringComparer.Ordinal);

    public int BatchesWritten { get; private set; }

    /// <summary>The object key of the batch the last normalized event went into (detection findings name it).</summary>
    public string? LastEventBatchKey { get; private set; }

    public Dictionary<int, long> ClassCounts { get; } = [];

    /// <summary>Hears about a batch that could not be stored instead of the exception being thrown; null throws it.</summary>
    public Action<BatchNotStored>? OnBatchNotStored { get; init; }

    /// <summary>Batches that could not be stored (reported to <see cref="OnBatchNotStored"/>).</summary>
    public int BatchesNotStored { get; private set; }

    /// <summary>Batches an earlier delivery of the same input had stored already (met at the create-only write, not written again).</summary>
    public int BatchesAlreadyStored { get; private set; }

    /// <summary>Derives the ids of the batches opened now from the delivery being written (adapters); null draws them at random.</summary>
    public DeliveryBatchIds? CurrentDelivery { get; set; }

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
        AddInput(batch, ordinal);
        NormalizedCount++;
        if (normalizedEvent.IsEscalatedFinding)
        {
            FindingsStored++;
        }
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
        if (_quarantine is null)
        {
            string folder = EvidenceKeys.QuarantineFolder(CurrentDelivery?.Stamp ?? now); // a redelivery on another day meets its earlier copy
            _quarantine = new OpenBatch(folder, NewBatchId(folder), "quarantine", new Dictionary<string, string>(), now);
        }

        _quarantine.Append(QuarantineLine(item), null, null);
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

    /// <summary>Drops every open batch without storing it (the delivery that filled them failed and will come again).</summary>
    public void Discard()
    {
        foreach (var batch in _open.Values)
        {
            Release(batch.Inputs.Keys);
        }

        if (_quarantine is not null)
        {
            Release(_quarantine.Inputs.Keys);
        }

        _open.Clear();
        _leastRecentlyUsed.Clear();
        _openBytes = 0;
        _quarantine = null;
    }

    /// <summary>Lets go of the open batches' memory without storing them.</summary>
    public void Dispose()
    {
        _open.Clear();
        _leastRecentlyUsed.Clear();
        _openBytes = 0;
        _quarantine = null;
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
        batch = new OpenBatch(folder, NewBatchId(folder), "events", values, now);
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

    /// <summary>Each batch is stored when it closes (deliveries, hosts listening for failures) rather than in groups.</summary>
    private bool StoresEachBatch => CurrentDelivery is not null || OnBatchNotStored is not null;

    private string NewBatchId(string folder) => CurrentDelivery?.Next(folder) ?? EvidenceKeys.NewBatchId(_time.GetUtcNow(), _options.RunTag);

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

    private void Seal(OpenBatch batch)
    {
        long held = batch.MemoryBytes;
        try
        {
            var now = _time.GetUtcNow();
            var retainUntil = _options.Retention.RetainUntil(now);
            var (bytes, manifest) = batch.Seal(now, _options.Producer, retainUntil);
            var closed = new SealedBatch(bytes, manifest, retainUntil, batch.Inputs.Keys.ToList());
            if (StoresEachBatch)
            {
                StoreOne(closed);
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
        catch (Exception ex) when (OnBatchNotStored is { } listener && ex is not OutOfMemoryException)
        {
            BatchesNotStored++;
            listener(new BatchNotStored(batch.Folder + batch.BatchId + EvidenceKeys.BatchSuffix, batch.Inputs.Keys.ToList(), ex));
        }
        finally
        {
            if (StoresEachBatch)
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

    /// <summary>Stores one batch create-only, meeting an earlier copy of it (a redelivery) instead of failing.</summary>
    private void StoreOne(SealedBatch batch)
    {
        var (manifest, written) = CreateOnlyBatchWrite.Store(_store, batch.Object, batch.Manifest, batch.RetainUntil);
        if (written)
        {
            BatchesWritten++;
        }
        else
        {
            BatchesAlreadyStored++;
        }

        BatchStored?.Invoke(EvidenceKeys.ManifestKeyFor(manifest.ObjectKey), batch.Inputs);
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
