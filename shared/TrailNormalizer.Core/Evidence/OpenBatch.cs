using System.IO.Compression;
using System.Security.Cryptography;
using TrailNormalizer.Core.Merkle;

namespace TrailNormalizer.Core.Evidence;

/// <summary>
/// A batch being filled: NDJSON in memory plus the Merkle leaf hash of every line. A small batch keeps its lines as they
/// are (a compressor's state is far larger than a few events, and many partitions can be open at once); past
/// <see cref="BufferedBytesBeforeCompressing"/> it compresses as it goes, so a large batch costs its gzip bytes.
/// </summary>
internal sealed class OpenBatch : IDisposable
{
    /// <summary>Lines kept uncompressed until the batch holds this much.</summary>
    public const int BufferedBytesBeforeCompressing = 64 * 1024;

    /// <summary>About what an open deflate stream holds besides its output (window, hash chains, buffers).</summary>
    public const int CompressorBytes = 384 * 1024;

    private static readonly byte[] Newline = [(byte)'\n'];
    private readonly MemoryStream _compressed = new();
    private MemoryStream? _lines = new();
    private GZipStream? _gzip;
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

    /// <summary>What the batch holds in memory: its lines while they are kept as they are, then its gzip bytes and the compressor.</summary>
    public long MemoryBytes => _lines is { } lines ? lines.Capacity : _compressed.Capacity + CompressorBytes;

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
        Stream output = (Stream?)_lines ?? _gzip!;
        output.Write(line);
        output.Write(Newline);
        if (_lines is { Length: >= BufferedBytesBeforeCompressing })
        {
            StartCompressing();
        }

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
        if (_lines is not null)
        {
            StartCompressing();
        }

        _gzip!.Dispose();
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
        _gzip?.Dispose();
        _lines?.Dispose();
        _compressed.Dispose();
    }

    private void StartCompressing()
    {
        _gzip = new GZipStream(_compressed, CompressionLevel.Fastest, leaveOpen: true);
        _gzip.Write(_lines!.GetBuffer(), 0, (int)_lines.Length);
        _lines.Dispose();
        _lines = null;
    }
}
