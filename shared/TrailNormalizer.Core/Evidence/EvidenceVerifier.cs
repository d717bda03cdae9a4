using System.Collections.Concurrent;
using System.Text.Json;

namespace TrailNormalizer.Core.Evidence;

/// <summary>One problem found by <see cref="EvidenceVerifier"/>: a kind (missing, altered, extra, unreadable) and the key it concerns.</summary>
public sealed record VerifyFinding(string Kind, string Key, string Detail)
{
    public override string ToString() => $"{Kind}: {Key}: {Detail}";
}

/// <summary>What <see cref="EvidenceVerifier"/> checked and found.</summary>
public sealed record VerifyReport(int Manifests, long Events, long QuarantineItems, IReadOnlyList<VerifyFinding> Findings)
{
    public int Checkpoints { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>uids stored with different raw records: shown beside the findings, but not damage to the trail.</summary>
    public IReadOnlyList<VerifyFinding> UidConflicts { get; init; } = [];

    /// <summary>Extra stored copies of delivered events (same uid, same raw record): not findings, but counted once everywhere.</summary>
    public long DuplicateDeliveries { get; init; }

    public bool Intact => Findings.Count == 0;
}

/// <summary>
/// Checks an evidence store against its manifests: every batch object exists, its SHA-256, size, line
/// count and Merkle root match the manifest, and no object exists that no manifest lists; then walks the
/// signed checkpoint chain (<see cref="Checkpoints.LogVerifier"/>), checking signatures when a public key is given.
/// </summary>
public static class EvidenceVerifier
{
    /// <summary>
    /// Verifies the evidence; with <paramref name="trusted"/> (checkpoints an auditor kept, which needs <paramref name="publicKeySpki"/>)
    /// also proves the log extends each of them (<see cref="Checkpoints.TrustedCheckpoints"/>: <c>rolled-back</c>, <c>forked</c>).
    /// </summary>
    public static VerifyReport Verify(IEvidenceStore store, byte[]? publicKeySpki = null, IReadOnlyList<Checkpoints.TrustedCheckpoint>? trusted = null)
    {
        var findings = new List<VerifyFinding>();
        var keys = store.List("").ToList();
        var listed = new HashSet<string>(StringComparer.Ordinal);
        var intact = new Dictionary<string, BatchManifest>(StringComparer.Ordinal);
        int manifests = 0;
        long events = 0, quarantine = 0;

        var entries = new List<ManifestEntry>();
        foreach (string manifestKey in keys.Where(k => k.EndsWith(EvidenceKeys.ManifestSuffix, StringComparison.Ordinal)))
        {
            listed.Add(manifestKey);
            manifests++;
            var entry = new ManifestEntry();
            entries.Add(entry);
            BatchManifest manifest;
            try
            {
                manifest = BatchManifest.Parse(ReadAll(store, manifestKey));
            }
            catch (FormatException ex)
            {
                entry.Findings.Add(new VerifyFinding("altered", manifestKey, ex.Message));
                continue;
            }

            string expectedKey = EvidenceKeys.BatchKeyFor(manifestKey);
            if (manifest.ObjectKey != expectedKey)
            {
                entry.Findings.Add(new VerifyFinding("altered", manifestKey, $"manifest names {manifest.ObjectKey}, expected {expectedKey}"));
            }

            listed.Add(expectedKey);
            if (!store.Exists(expectedKey))
            {
                entry.Findings.Add(new VerifyFinding("missing", expectedKey, $"listed in {manifestKey}"));
                continue;
            }

            entry.BatchKey = expectedKey;
            entry.Manifest = manifest;
            intact[manifestKey] = manifest;
        }

        var duplicates = CheckBatches(store, entries);
        foreach (var entry in entries)
        {
            findings.AddRange(entry.Findings);
            if (entry.Manifest is not { } manifest)
            {
                continue;
            }

            if (entry.Problem is not null)
            {
                findings.Add(new VerifyFinding("altered", entry.BatchKey!, entry.Problem));
            }
            else if (manifest.Kind == "quarantine")
            {
                quarantine += manifest.Count;
            }
            else
            {
                events += manifest.Count;
            }
        }

        var (checkpoints, warnings, abandoned) = Checkpoints.LogVerifier.Verify(store, publicKeySpki, intact, findings);
        var runsByTag = Runs.RunVerifier.Check(store, keys, findings);

        foreach (string key in keys.Where(k => !listed.Contains(k) && !IsLogObject(k) && !Runs.RunVerifier.IsJournalKey(k)))
        {
            if (key.StartsWith(EvidenceKeys.CursorsPrefix, StringComparison.Ordinal))
            {
                CheckCursor(store, key, findings);
                continue;
            }

            CheckUnlisted(store, key, abandoned, findings, warnings, runsByTag);
        }

        foreach (var (key, (seal, _)) in abandoned.Where(a => !listed.Contains(a.Key) && !store.Exists(a.Key)))
        {
            findings.Add(new VerifyFinding("missing", key, $"recorded as abandoned in seal {seal}"));
        }

        var seals = Checkpoints.EvidenceLog.Read(store).Seals;
        var known = seals.SelectMany(s => new[] { Checkpoints.SealRecord.SealKey(s.Sequence), Checkpoints.SealRecord.CheckpointKey(s.Sequence), Checkpoints.KeyRotation.Key(s.Sequence) })
            .Append(Checkpoints.KeyRotation.Key(seals.Count))
            .ToHashSet(StringComparer.Ordinal);
        foreach (string key in keys.Where(k => IsLogObject(k) && !known.Contains(k)))
        {
            findings.Add(new VerifyFinding("extra", key, "not part of the checkpoint chain"));
        }

        // A uid on two different raw records is the sources' anomaly, not damage to the trail: it is reported for a
        // person to look at but does not make intact evidence fail (public sample data reuses ids, for one).
        var conflicts = duplicates.Conflicts.Select(uid => new VerifyFinding("conflict", uid, "metadata.uid stored with different raw records")).ToList();

        if (trusted is { Count: > 0 })
        {
            findings.AddRange(Checkpoints.TrustedCheckpoints.Check(store, publicKeySpki ?? throw new ArgumentException("kept checkpoints need the public key"), trusted));
        }

        return new VerifyReport(manifests, events, quarantine, findings) { Checkpoints = checkpoints, Warnings = warnings, DuplicateDeliveries = duplicates.DuplicateDeliveries, UidConflicts = conflicts };
    }

    /// <summary>An object no manifest lists is extra, unless a verified seal recorded it, with these bytes, as an abandoned write.</summary>
    private static void CheckUnlisted(IEvidenceStore store, string key, Dictionary<string, (long Seal, Checkpoints.AbandonedObject Object)> abandoned,
        List<VerifyFinding> findings, List<string> warnings, Dictionary<string, string> runsByTag)
    {
        if (!abandoned.TryGetValue(key, out var recorded))
        {
            string? run = EvidenceKeys.RunTagOf(key) is { } tag ? runsByTag.GetValueOrDefault(tag) : null;
            findings.Add(new VerifyFinding("extra", key, run is null ? "not listed in any manifest" : $"batch object without a manifest, left by run {run}"));
            return;
        }

        var digest = ObjectDigest.Of(store, key);
        if (digest.Sha256 == recorded.Object.Sha256 && digest.Bytes == recorded.Object.Bytes)
        {
            warnings.Add($"abandoned write recorded in seal {recorded.Seal} (not evidence): {key}");
        }
        else
        {
            findings.Add(new VerifyFinding("altered", key, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"sha256 {digest.Sha256}, size {digest.Bytes}; seal {recorded.Seal} recorded this abandoned write as sha256 {recorded.Object.Sha256}, size {recorded.Object.Bytes}")));
        }
    }

    /// <summary>Read positions of the adapters are not evidence, but each must still be the JSON object it was written as.</summary>
    private static void CheckCursor(IEvidenceStore store, string key, List<VerifyFinding> findings)
    {
        try
        {
            using var cursor = JsonDocument.Parse(ReadAll(store, key));
            if (cursor.RootElement.ValueKind != JsonValueKind.Object)
            {
                findings.Add(new VerifyFinding("altered", key, "cursor is not a JSON object"));
            }
        }
        catch (JsonException ex)
        {
            findings.Add(new VerifyFinding("altered", key, $"cursor is not JSON: {ex.Message}"));
        }
    }

    private static bool IsLogObject(string key) => key.StartsWith("log/", StringComparison.Ordinal);

    /// <summary>
    /// Checks every batch that exists against its manifest on every core, and tallies the events of the intact event batches
    /// in batch key order as their checks come in, so findings and counts are those of a single-threaded check. Checks run
    /// at most <see cref="BatchesAhead"/> batches ahead of the tally (their event digests wait in memory for it), and no
    /// core waits for a slower batch beside it: a new check starts whenever one is tallied.
    /// </summary>
    private static DuplicateTally CheckBatches(IEvidenceStore store, List<ManifestEntry> entries)
    {
        var toCheck = entries.Where(e => e.Manifest is not null).OrderBy(e => e.BatchKey, StringComparer.Ordinal).ToList();
        long expectedEvents = toCheck.Where(e => e.Manifest!.Kind != "quarantine").Sum(e => (long)Math.Max(0, e.Manifest!.Count));
        // Sized from the manifests up front (no rehashing), but no further than 4 M events: a manifest's count is not yet checked.
        var tally = new DuplicateTally((int)Math.Min(expectedEvents, 1 << 22));
        var checkers = new ConcurrentBag<BatchChecker>();
        var digests = new ConcurrentBag<EventDigests>(); // reused, so a batch's digests are not new large arrays each time
        var running = new Queue<Task<BatchCheck>>();
        int started = 0;
        foreach (var entry in toCheck)
        {
            while (started < toCheck.Count && running.Count < BatchesAhead)
            {
                running.Enqueue(StartCheck(store, toCheck[started++], checkers, digests));
            }

            var check = running.Dequeue().GetAwaiter().GetResult();
            entry.Problem = check.Problem;
            if (check.Events is { } events)
            {
                if (check.Problem is null)
                {
                    tally.Add(events);
                }

                events.Clear();
                digests.Add(events);
            }
        }

        foreach (var checker in checkers)
        {
            checker.Dispose();
        }

        return tally;
    }

    /// <summary>Two batches a core: one being checked, one checked and waiting for the tally.</summary>
    internal static int BatchesAhead => 2 * Environment.ProcessorCount;

    private static Task<BatchCheck> StartCheck(IEvidenceStore store, ManifestEntry entry, ConcurrentBag<BatchChecker> checkers, ConcurrentBag<EventDigests> digests) => Task.Run(() =>
    {
        var checker = checkers.TryTake(out var idle) ? idle : new BatchChecker();
        var events = entry.Manifest!.Kind == "quarantine" ? null : digests.TryTake(out var free) ? free : new EventDigests();
        try
        {
            return checker.Check(store, entry.BatchKey!, entry.Manifest!, events);
        }
        finally
        {
            checkers.Add(checker);
        }
    });

    /// <summary>One manifest in key order: what was found about it, and its batch to check.</summary>
    private sealed class ManifestEntry
    {
        public List<VerifyFinding> Findings { get; } = [];

        public string? BatchKey { get; set; }

        public BatchManifest? Manifest { get; set; }

        public string? Problem { get; set; }
    }

    private static byte[] ReadAll(IEvidenceStore store, string key)
    {
        using var stream = store.OpenRead(key);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}
