namespace TrailNormalizer.Core.Evidence.Runs;

/// <summary>
/// Makes <c>normalize</c> runs into a local evidence folder idempotent and resumable.
/// <list type="bullet">
/// <item>At the start it records the run and every input's identity (<see cref="RunRecords"/>).</item>
/// <item>An input with a completion record is skipped ("already stored"), unless the run re-ingests.</item>
/// <item>An input some run started but did not complete is read again, skipping the records its stored batches' manifests
/// list (by ordinal), so each record ends up stored exactly once.</item>
/// <item>Each input is locked (<c>.tmp/inputs/SHA.lock</c>) from the moment it is begun until its completion record is
/// written, so concurrent runs over the same input take turns; a run waiting for a lock first stores and completes
/// everything it holds, so two runs never wait on each other.</item>
/// </list>
/// </summary>
public sealed class LocalRunJournal : IInputLedger, IDisposable
{
    private const int MaxPendingInputs = 256;
    private readonly LocalEvidenceStore _store;
    private readonly TimeProvider _time;
    private readonly bool _reingest;
    private readonly RetentionPolicy _retention;
    private readonly Action<string> _note;
    private readonly Dictionary<string, InputIdentity?> _identities = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _seenThisRun = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Pending> _pending = new(StringComparer.Ordinal);
    private HashSet<string> _startedByOthers = new(StringComparer.Ordinal);

    public LocalRunJournal(LocalEvidenceStore store, TimeProvider time, bool reingest, RetentionPolicy retention, Action<string> note)
    {
        _store = store;
        _time = time;
        _reingest = reingest;
        _retention = retention;
        _note = note;
        RunId = RunRecords.NewRunId(time.GetUtcNow());
    }

    public string RunId { get; }

    public string RunTag => RunRecords.TagOf(RunId);

    /// <summary>Inputs skipped because they were stored before (or earlier in this run).</summary>
    public int InputsSkipped { get; private set; }

    /// <summary>Lines (events, findings, quarantine items) of interrupted inputs that an earlier run had stored, skipped now.</summary>
    public long RecordsStoredEarlier { get; private set; }

    /// <summary>Identifies every input and records the run before anything is written. Files that cannot be read are left to the pipeline.</summary>
    public void Start(IReadOnlyList<string> files)
    {
        foreach (string file in files)
        {
            try
            {
                _identities[file] = InputIdentity.OfFile(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _identities[file] = null;
            }
        }

        _startedByOthers = InputsOfOtherRuns();
        var now = _time.GetUtcNow();
        _store.Put(RunRecords.RunKey(RunId), RunRecords.Run(RunId, now, _reingest, _identities.Values.OfType<InputIdentity>()), _retention.RetainUntil(now));
    }

    public bool Begin(string input, EvidenceWriter writer)
    {
        writer.CurrentInput = null;
        if (!_identities.TryGetValue(input, out var identity) || identity is null)
        {
            return true;
        }

        if (_seenThisRun.TryGetValue(identity.Sha256, out string? earlier))
        {
            _note($"skipped {input}: same content as {earlier}, read earlier in this run");
            InputsSkipped++;
            return false;
        }

        _seenThisRun[identity.Sha256] = input;
        var heldLock = Lock(identity.Sha256, writer);
        if (!_reingest && _store.List(RunRecords.CompletionPrefix(identity.Sha256)).FirstOrDefault() is { } done)
        {
            Release(heldLock);
            _note($"already stored: {input} (run {Path.GetFileNameWithoutExtension(done)}); nothing written for it (--reingest to store it again)");
            InputsSkipped++;
            return false;
        }

        var (stored, batches) = _reingest || !_startedByOthers.Contains(identity.Sha256) ? ([], []) : StoredEarlier(identity.Sha256);
        var cursor = new InputCursor(identity.Sha256, stored);
        _pending[identity.Sha256] = new Pending(identity, cursor, heldLock, batches);
        writer.CurrentInput = cursor;
        writer.BatchStored -= OnBatchStored;
        writer.BatchStored += OnBatchStored;
        return true;
    }

    public void Done(string input, EvidenceWriter writer)
    {
        if (writer.CurrentInput is { } cursor && cursor.Skipped > 0)
        {
            _note($"resumed {input}: {cursor.Skipped} lines (events, findings, quarantine items) were stored by an interrupted run, {cursor.Written} written now");
            RecordsStoredEarlier += cursor.Skipped;
        }

        writer.CurrentInput = null;
        if (_pending.Count > MaxPendingInputs)
        {
            writer.Flush();
        }

        CompleteStored(writer);
    }

    public void Finish(EvidenceWriter writer) => CompleteStored(writer);

    public void Dispose()
    {
        foreach (var pending in _pending.Values)
        {
            pending.Lock.Dispose();
        }
    }

    private void OnBatchStored(string manifestKey, IReadOnlyCollection<string> inputs)
    {
        foreach (string sha in inputs)
        {
            if (_pending.TryGetValue(sha, out var pending))
            {
                pending.Batches.Add(manifestKey);
            }
        }
    }

    /// <summary>Writes the completion record of every begun input none of whose records waits in an open batch, and releases its lock.</summary>
    private void CompleteStored(EvidenceWriter writer)
    {
        foreach (var (sha, pending) in _pending.Where(p => !ReferenceEquals(writer.CurrentInput, p.Value.Cursor) && !writer.HoldsInput(p.Key)).ToList())
        {
            var now = _time.GetUtcNow();
            _store.Put(RunRecords.CompletionKey(sha, RunId),
                RunRecords.Completion(RunId, pending.Identity, now, _reingest, pending.Cursor.Written, pending.Cursor.Skipped, pending.Batches),
                _retention.RetainUntil(now));
            Release(pending.Lock);
            _pending.Remove(sha);
        }
    }

    /// <summary>
    /// Deletes and releases an input's lock once the input has a completion record. A run that still locks the deleted file, or
    /// a new one by the same name, finds that record and skips the input, so the brief overlap is harmless.
    /// </summary>
    private static void Release(FileStream heldLock)
    {
        File.Delete(heldLock.Name);
        heldLock.Dispose();
    }

    /// <summary>Takes the input's lock; when another run holds it, first stores and completes everything this run holds, then waits.</summary>
    private FileStream Lock(string sha, EvidenceWriter writer)
    {
        string folder = Path.Combine(_store.Root, TempFiles.Folder, "inputs");
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, sha + ".lock");
        bool waited = false;
        while (true)
        {
            try
            {
                var held = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                if (waited)
                {
                    _startedByOthers = InputsOfOtherRuns();
                }

                return held;
            }
            catch (IOException) when (File.Exists(path))
            {
                if (!waited)
                {
                    writer.Flush();
                    CompleteStored(writer);
                    waited = true;
                }

                Thread.Sleep(100);
            }
        }
    }

    private HashSet<string> InputsOfOtherRuns()
    {
        var inputs = new HashSet<string>(StringComparer.Ordinal);
        foreach (string key in _store.List(RunRecords.RunsPrefix).Where(k => k != RunRecords.RunKey(RunId)))
        {
            try
            {
                inputs.UnionWith(RunRecords.ParseRun(Checkpoints.EvidenceLog.ReadAll(_store, key)).Inputs);
            }
            catch (FormatException)
            {
                // verify reports an unreadable run record
            }
        }

        return inputs;
    }

    /// <summary>The ordinals of the input's records that stored batches (with manifests) hold, and those manifests.</summary>
    private (HashSet<long> Ordinals, List<string> Manifests) StoredEarlier(string sha)
    {
        var ordinals = new HashSet<long>();
        var manifests = new List<string>();
        var keys = _store.List(EvidenceKeys.EventsPrefix).Concat(_store.List(EvidenceKeys.QuarantinePrefix))
            .Where(k => k.EndsWith(EvidenceKeys.ManifestSuffix, StringComparison.Ordinal));
        foreach (string key in keys)
        {
            BatchManifest manifest;
            try
            {
                manifest = BatchManifest.Parse(Checkpoints.EvidenceLog.ReadAll(_store, key));
            }
            catch (FormatException)
            {
                continue; // verify reports it
            }

            if (manifest.Inputs.TryGetValue(sha, out string? ranges) && _store.Exists(EvidenceKeys.BatchKeyFor(key)))
            {
                OrdinalRanges.ParseInto(ranges, ordinals);
                manifests.Add(key);
            }
        }

        return (ordinals, manifests);
    }

    private sealed record Pending(InputIdentity Identity, InputCursor Cursor, FileStream Lock, List<string> Batches);
}
