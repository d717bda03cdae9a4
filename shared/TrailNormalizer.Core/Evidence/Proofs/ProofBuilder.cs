using System.Text;
using TrailNormalizer.Core.Evidence.Checkpoints;
using TrailNormalizer.Core.Merkle;

namespace TrailNormalizer.Core.Evidence.Proofs;

/// <summary>Builds <see cref="EventProof"/>s against the latest checkpoint of a sealed evidence store.</summary>
public sealed class ProofBuilder
{
    private readonly IEvidenceStore _store;
    private readonly EvidenceLog _log;
    private readonly List<byte[]> _logLeaves;
    private readonly Dictionary<string, int> _logIndex;
    private readonly string _checkpoint;
    private readonly string _fingerprint;
    private readonly Dictionary<string, List<byte[]>> _batchCache = new(StringComparer.Ordinal);

    /// <param name="store">The evidence.</param>
    /// <param name="publicKeySpki">The key the checkpoint must verify with; its fingerprint goes into each proof.</param>
    /// <exception cref="InvalidOperationException">The evidence has no verifiable checkpoint.</exception>
    public ProofBuilder(IEvidenceStore store, byte[] publicKeySpki)
    {
        _store = store;
        _log = EvidenceLog.Read(store);
        if (_log.Seals.Count == 0 || _log.Checkpoints[^1] is not { } last)
        {
            throw new InvalidOperationException("the evidence has no checkpoint: run 'trailnorm seal' first");
        }

        try
        {
            SignedNote.Open(last, _log.Seals[^1].Origin, publicKeySpki);
        }
        catch (FormatException ex)
        {
            throw new InvalidOperationException($"the latest checkpoint does not verify with this key: {ex.Message}", ex);
        }

        _checkpoint = last;
        _fingerprint = SignedNote.Fingerprint(publicKeySpki);
        var keys = _log.Leaves.ToList();
        _logIndex = keys.Select((k, i) => (k, i)).ToDictionary(p => EvidenceKeys.BatchKeyFor(p.k), p => p.i, StringComparer.Ordinal);
        _logLeaves = keys.Select(k => LogLeaf.Hash(BatchManifest.Parse(EvidenceLog.ReadAll(store, k)))).ToList();
    }

    /// <summary>Consistency proofs from these earlier log sizes go into every proof (see <see cref="ProofVerifier.CheckTrusted"/>).</summary>
    public IReadOnlyList<ConsistencyProof> Consistency { get; private set; } = [];

    /// <summary>Adds the consistency proof from a kept checkpoint's size to the log the proofs are built against.</summary>
    public void AddConsistencyFrom(long size)
    {
        if (size > _logLeaves.Count)
        {
            throw new InvalidOperationException($"rolled-back: the kept checkpoint has {size} sealed batches, the log only {_logLeaves.Count}");
        }

        var path = MerkleProofs.Consistency(_logLeaves, (int)size).Select(Convert.ToHexStringLower).ToList();
        Consistency = [.. Consistency, new ConsistencyProof(size, path)];
    }

    /// <summary>The proof for the event at <paramref name="index"/> of <paramref name="batchKey"/>; the batch must be sealed.</summary>
    public EventProof Build(string batchKey, int index)
    {
        if (!_logIndex.TryGetValue(batchKey, out int logIndex))
        {
            throw new InvalidOperationException($"{batchKey} is not sealed yet: run 'trailnorm seal' first");
        }

        var manifest = BatchManifest.Parse(EvidenceLog.ReadAll(_store, EvidenceKeys.ManifestKeyFor(batchKey)));
        if (!_batchCache.TryGetValue(batchKey, out var lines))
        {
            lines = BatchLines.Read(_store, batchKey);
            _batchCache.Clear();
            _batchCache[batchKey] = lines;
        }

        var leaves = lines.Select(l => MerkleHash.Leaf(l)).ToList();
        return new EventProof
        {
            Event = Encoding.UTF8.GetString(lines[index]),
            BatchObject = batchKey,
            BatchIndex = index,
            BatchCount = lines.Count,
            BatchRoot = manifest.MerkleRoot,
            BatchPath = MerkleProofs.Inclusion(leaves, index).Select(Convert.ToHexStringLower).ToList(),
            LogLeaf = Encoding.UTF8.GetString(LogLeaf.Data(manifest)),
            LogIndex = logIndex,
            LogSize = _logLeaves.Count,
            LogPath = MerkleProofs.Inclusion(_logLeaves, logIndex).Select(Convert.ToHexStringLower).ToList(),
            Checkpoint = _checkpoint,
            KeyFingerprint = _fingerprint,
            Consistency = Consistency,
        };
    }
}
