using System.Globalization;
using TrailNormalizer.Core.Merkle;

namespace TrailNormalizer.Core.Evidence.Checkpoints;

/// <summary>What a seal did.</summary>
/// <param name="Sequence">The new checkpoint's sequence number, or null when there was nothing to seal.</param>
/// <param name="Appended">Batches appended to the log.</param>
/// <param name="TreeSize">The log size after the seal.</param>
/// <param name="Stale">Batches created more than <see cref="Sealer.LateWriteGrace"/> before the previous checkpoint that are not in
/// the log: reported, never adopted.</param>
public sealed record SealResult(long? Sequence, int Appended, long TreeSize, IReadOnlyList<string> Stale)
{
    /// <summary>Batch objects without a manifest that this seal recorded as abandoned (see <see cref="AbandonedWrites"/>).</summary>
    public IReadOnlyList<AbandonedObject> Abandoned { get; init; } = [];
}

/// <summary>
/// Appends every batch written since the last seal to the log-level Merkle tree and writes a signed
/// checkpoint (C2SP tlog-checkpoint as a signed note). Writers never touch the log, so concurrent
/// writers cannot race on it; two sealers racing lose on the create-only write and the loser retries.
/// It also records batch objects left without a manifest by an interrupted write (<see cref="AbandonedWrites"/>).
/// Sealing with nothing new to append or record writes nothing.
/// </summary>
public sealed class Sealer(IEvidenceStore store, ICheckpointSigner signer, string origin, TimeProvider time, RetentionPolicy? retention = null)
{
    /// <summary>
    /// How long before the previous checkpoint a batch may have been created and still be adopted. A serverless writer
    /// stamps a batch when it closes it and stores it afterwards, retrying for up to its deadline, so a batch can land
    /// just after a seal that listed the store. Anything older is stale: reported, never adopted.
    /// </summary>
    public static readonly TimeSpan LateWriteGrace = TimeSpan.FromMinutes(15);

    private readonly RetentionPolicy _retention = retention ?? RetentionPolicy.Default;

    /// <summary>
    /// Seals what is new. A sealer that loses the race for the next sequence number to another one seals again on top
    /// of the winner's seal; a second collision is thrown (<see cref="EvidenceExistsException"/>) for the caller to retry later.
    /// </summary>
    public SealResult Seal()
    {
        try
        {
            return SealOnce();
        }
        catch (EvidenceExistsException)
        {
            return SealOnce();
        }
    }

    /// <summary>
    /// Hands the log over to this sealer's key deliberately: writes a <see cref="KeyRotation"/> signed by
    /// <paramref name="oldKey"/>, which must be the key of the last checkpoint, then seals what is new with the new key.
    /// </summary>
    public SealResult RotateFrom(ICheckpointSigner oldKey)
    {
        var log = EvidenceLog.Read(store);
        if (log.Seals.Count == 0 || log.Checkpoints[^1] is null)
        {
            throw new WrongSigningKeyException(log.Seals.Count == 0
                ? "nothing is sealed yet: seal with the new key, no rotation is needed"
                : "the last seal has no checkpoint yet: run seal with the current key first");
        }

        long next = log.Seals.Count;
        RequireKeyOf(log, log.Seals.Count - 1, oldKey.PublicKeySpki, "--rotate-from");
        if (KeyRotation.Read(store, next) is not null)
        {
            throw new WrongSigningKeyException($"a key rotation for seal {next} is already recorded");
        }

        var rotation = new KeyRotation(log.Seals[^1].Origin, next, signer.PublicKeySpki);
        store.Put(KeyRotation.Key(next), rotation.SignWith(oldKey), _retention.RetainUntil(time.GetUtcNow()));
        return Seal();
    }

    /// <summary>
    /// Refuses, before anything is written, a key that may not sign checkpoint <paramref name="sequence"/>: the key a rotation
    /// statement names for it, or else the key of the latest checkpoint before it.
    /// </summary>
    private void EnsureSignerMaySign(EvidenceLog log, long sequence)
    {
        if (KeyRotation.Read(store, sequence) is { } note)
        {
            string named = SignedNote.UnverifiedText(note).Split('\n').ElementAtOrDefault(3) ?? "";
            if (named != Convert.ToBase64String(signer.PublicKeySpki))
            {
                throw new WrongSigningKeyException($"{KeyRotation.Key(sequence)} hands seal {sequence} to another key; seal with that key");
            }

            return;
        }

        int last = Enumerable.Range(0, (int)Math.Min(sequence, log.Checkpoints.Count)).LastOrDefault(i => log.Checkpoints[i] is not null, -1);
        if (last >= 0)
        {
            RequireKeyOf(log, last, signer.PublicKeySpki, "the key");
        }
    }

    private static void RequireKeyOf(EvidenceLog log, int index, byte[] spki, string what)
    {
        try
        {
            SignedNote.Open(log.Checkpoints[index]!, log.Seals[index].Origin, spki);
        }
        catch (FormatException)
        {
            throw new WrongSigningKeyException(
                $"{what} is not the key that signed {SealRecord.CheckpointKey(log.Seals[index].Sequence)} (the chain's key); to change keys deliberately, seal with the new key and --rotate-from the old one");
        }
    }

    private SealResult SealOnce()
    {
        var log = EvidenceLog.Read(store);
        EnsureSignerMaySign(log, log.Seals.Count > 0 && log.Checkpoints[^1] is null ? log.Seals.Count - 1 : log.Seals.Count);
        if (log.Seals.Count > 0 && log.Checkpoints[^1] is null)
        {
            // A previous seal stopped between its record and its checkpoint: finish it first.
            WriteCheckpoint(log, log.Seals.Count - 1);
            log = EvidenceLog.Read(store);
        }

        var now = time.GetUtcNow();
        var keys = store.List(EvidenceKeys.EventsPrefix).Concat(store.List(EvidenceKeys.QuarantinePrefix)).ToList();
        var sealedKeys = log.Leaves.ToHashSet(StringComparer.Ordinal);
        DateTimeOffset? lastSealedAt = log.Seals.Count > 0
            ? DateTimeOffset.Parse(log.Seals[^1].SealedAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)
            : null;

        var fresh = new List<(BatchManifest Manifest, string Key)>();
        var stale = new List<string>();
        foreach (string key in keys.Where(k => k.EndsWith(EvidenceKeys.ManifestSuffix, StringComparison.Ordinal) && !sealedKeys.Contains(k)))
        {
            var manifest = BatchManifest.Parse(EvidenceLog.ReadAll(store, key));
            var created = DateTimeOffset.Parse(manifest.Created, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
            if (lastSealedAt is { } last && created < last - LateWriteGrace)
            {
                stale.Add(key);
            }
            else
            {
                fresh.Add((manifest, key));
            }
        }

        var abandoned = AbandonedWrites.Find(store, keys, log, now);
        long previousSize = log.Seals.Count > 0 ? log.Seals[^1].TreeSize : 0;
        if (fresh.Count == 0 && abandoned.Count == 0)
        {
            return new SealResult(null, 0, previousSize, stale);
        }

        EnsureSignerMaySign(log, log.Seals.Count);
        var appended = fresh.OrderBy(f => f.Manifest.Created, StringComparer.Ordinal).ThenBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Key).ToList();
        long sequence = log.Seals.Count;
        var record = new SealRecord(sequence, origin, now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), previousSize, appended) { Abandoned = abandoned };
        store.Put(SealRecord.SealKey(sequence), record.ToJson(), _retention.RetainUntil(now));
        WriteCheckpoint(EvidenceLog.Read(store), (int)sequence);
        return new SealResult(sequence, appended.Count, record.TreeSize, stale) { Abandoned = abandoned };
    }

    private void WriteCheckpoint(EvidenceLog log, int index)
    {
        var leaves = log.Seals.Take(index + 1).SelectMany(s => s.Appended)
            .Select(key => LogLeaf.Hash(BatchManifest.Parse(EvidenceLog.ReadAll(store, key))))
            .ToList();
        string previous = index == 0 ? "none" : EvidenceLog.NoteHash(log.Checkpoints[index - 1] ?? throw new InvalidOperationException("previous checkpoint missing"));
        var checkpoint = new Checkpoint(log.Seals[index].Origin, leaves.Count, MerkleHash.Root(leaves), previous, log.SealHashes[index]);
        string note = SignedNote.Sign(checkpoint.ToText(), log.Seals[index].Origin, signer);
        store.Put(SealRecord.CheckpointKey(log.Seals[index].Sequence), System.Text.Encoding.UTF8.GetBytes(note), _retention.RetainUntil(time.GetUtcNow()));
    }
}
