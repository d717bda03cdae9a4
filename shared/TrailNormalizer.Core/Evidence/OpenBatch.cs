using System.Security.Cryptography;
using TrailNormalizer.Core.Merkle;

namespace TrailNormalizer.Core.Evidence;

/// <summary>
/// A batch being filled: its gzip NDJSON in memory (<see cref="SegmentedGzip"/>: compressed segments and at most one
/// segment of lines waiting, never an open compressor, so many partitions can be open at once) plus the Merkle leaf hash
/// of every line.
/// </summary>
internal sealed class OpenBatch
{
    private static readonly byte[] Newline = [(byte)'\n'];
    private readonly SegmentedGzip _gzip = new();
    private readonly List<byte[]> _leaves = [];
    private readonly Dictionary<string, int> _classes = new(StringComparer.Ordinal);

    public OpenBatch(string folder, string batchId, string kind, IReadOnlyDictionary<string, string> partition, DateTimeOffset opened)
    {
        Folder = folder;
        BatchId = batchId;
        Kind = kind;
        Partition = partition;
        Opened = opened;
    }

    /// <summary>When the batch was opened: one open longer than the writer's age budget is sealed.</summary>
    public DateTimeOffset Opened { get; }

    /// <summary>The batch's place in the writer's least-recently-used order.</summary>
    public LinkedListNode<OpenBatch>? Use { get; set; }

    /// <summary>What the batch holds in memory: its compressed lines and the lines waiting to be compressed.</summary>
    public long MemoryBytes => _gzip.MemoryBytes;

    public string Folder { get; }

    public string BatchId { get; }

    public string Kind { get; }

    public IReadOnlyDictionary<string, string> Partition { get; }

    public int Count => _leaves.Count;

    /// <summary>Per input (SHA-256), the ordinals of its records in this batch.</summary>
    public Dictionary<string, Runs.OrdinalRanges> Inputs { get; } = new(StringComparer.Ordinal);

    public long UncompressedBytes { get; private set; }

    public long? TimeStart { get; private set; }

    public long? TimeEnd { get; private set; }

    public void Append(ReadOnlySpan<byte> line, long? timeMs, string? className)
    {
        _gzip.Write(line);
        _gzip.Write(Newline);
        _leaves.Add(MerkleHash.Leaf(line));
        UncompressedBytes += line.Length + 1;
        if (timeMs is { } t)
        {
            TimeStart = TimeStart is { } s ? Math.Min(s, t) : t;
            TimeEnd = TimeEnd is { } e ? Math.Max(e, t) : t;
        }

        if (className is not null)
        {
            _classes[className] = _classes.GetValueOrDefault(className) + 1;
        }
    }

    /// <summary>Finishes the gzip file and returns the object bytes with their manifest.</summary>
    public (byte[] Object, BatchManifest Manifest) Seal(DateTimeOffset now, string producer, DateTimeOffset retainUntil)
    {
        byte[] bytes = _gzip.Finish();
        string key = Folder + BatchId + EvidenceKeys.BatchSuffix;
        var manifest = new BatchManifest
        {
            BatchId = BatchId,
            Kind = Kind,
            ObjectKey = key,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            Bytes = bytes.Length,
            Count = _leaves.Count,
            MerkleRoot = Convert.ToHexStringLower(MerkleHash.Root(_leaves)),
            TimeStartMs = TimeStart,
            TimeEndMs = TimeEnd,
            Partition = Partition,
            Classes = _classes,
            Created = now.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            Producer = producer,
            RetainUntil = retainUntil.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            Inputs = Inputs.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal),
        };
        return (bytes, manifest);
    }
}
