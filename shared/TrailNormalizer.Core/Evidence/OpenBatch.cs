using System.IO.Compression;
using System.Security.Cryptography;
using TrailNormalizer.Core.Merkle;

namespace TrailNormalizer.Core.Evidence;

/// <summary>A batch being filled: gzip-compressed NDJSON in memory plus the Merkle leaf hash of every line.</summary>
internal sealed class OpenBatch : IDisposable
{
    private static readonly byte[] Newline = [(byte)'\n'];
    private readonly MemoryStream _compressed = new();
    private readonly GZipStream _gzip;
    private readonly List<byte[]> _leaves = [];
    private readonly Dictionary<string, int> _classes = new(StringComparer.Ordinal);

    public OpenBatch(string folder, string batchId, string kind, IReadOnlyDictionary<string, string> partition)
    {
        Folder = folder;
        BatchId = batchId;
        Kind = kind;
        Partition = partition;
        _gzip = new GZipStream(_compressed, CompressionLevel.Fastest, leaveOpen: true);
    }

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

    /// <summary>Finishes the gzip stream and returns the object bytes with their manifest.</summary>
    public (byte[] Object, BatchManifest Manifest) Seal(DateTimeOffset now, string producer, DateTimeOffset retainUntil)
    {
        _gzip.Dispose();
        byte[] bytes = _compressed.ToArray();
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

    public void Dispose()
    {
        _gzip.Dispose();
        _compressed.Dispose();
    }
}
