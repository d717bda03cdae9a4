using System.Globalization;
using System.IO.Compression;
using System.Text;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Pipeline;
using TrailNormalizer.Core.Tests.Support;

namespace TrailNormalizer.Core.Tests.Pipeline;

/// <summary>
/// Batches large enough to be compressed in several segments (on the thread pool, while the writer goes on), over more
/// partitions than the memory budget holds: the same batches, object bytes and Merkle roots for every worker count, and
/// every object one gzip member that verifies.
/// </summary>
public sealed class SegmentedBatchIngestTests : IDisposable
{
    private const int Records = 3_000;

    // 12 partitions of ~250 events (~0.7 MB of NDJSON each): room for each one's 64 KiB of waiting lines and a few compressed segments, not for all of them.
    private static readonly EvidenceWriterOptions TightBudget = new() { MaxOpenBatchBytes = 896 * 1024, BatchesPerStoreGroup = 4 };

    private readonly string _folder = Directory.CreateTempSubdirectory("trailnorm-segmented-").FullName;
    private readonly string _input;

    public SegmentedBatchIngestTests()
    {
        var random = new Random(12);
        var text = new StringBuilder("{\"Records\":[");
        for (int i = 0; i < Records; i++)
        {
            text.Append(i > 0 ? "," : "").Append(ParallelInputs.Record(i, random.Next(3), random.Next(2), random.Next(2), random.Next(12), padding: 600 + random.Next(600)));
        }

        _input = Path.Combine(_folder, "org-trail.json");
        File.WriteAllText(_input, text.Append("]}").ToString());
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Budget_evictions_and_segments_give_the_same_batches_for_every_worker_count()
    {
        var (first, store) = Run(workers: 1);

        first.Should().HaveCountGreaterThan(12, "the budget seals batches of the 12 partitions early");
        LargestObjectLines(store).Should().BeGreaterThan(2 * SegmentedGzip.SegmentBytes, "batches span several segments");
        EvidenceVerifier.Verify(store).Intact.Should().BeTrue();
        foreach (int workers in new[] { 2, 4, 2 })
        {
            var (batches, parallelStore) = Run(workers);
            batches.Should().Equal(first, $"{workers} workers");
            EvidenceVerifier.Verify(parallelStore).Intact.Should().BeTrue();
        }
    }

    private (List<string> Batches, MemoryEvidenceStore Store) Run(int workers)
    {
        var store = new MemoryEvidenceStore();
        var summary = new NormalizationPipeline(store, FixedTime.Default, InputLimits.Default, TightBudget, workers: workers).Run([_input]);
        summary.Normalized.Should().Be(Records);
        var batches = store.Keys.Where(k => k.EndsWith(EvidenceKeys.ManifestSuffix, StringComparison.Ordinal))
            .Select(k => BatchManifest.Parse(ReadAll(store.OpenRead(k))))
            .Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Partition["account"]}/{m.Partition["region"]} {m.TimeStartMs}..{m.TimeEndMs} n={m.Count} sha256={m.Sha256} root={m.MerkleRoot}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        return (batches, store);
    }

    private static long LargestObjectLines(MemoryEvidenceStore store) =>
        store.Keys.Where(k => k.EndsWith(EvidenceKeys.BatchSuffix, StringComparison.Ordinal))
            .Max(k => (long)ReadAll(new GZipStream(store.OpenRead(k), CompressionMode.Decompress)).Length);

    private static byte[] ReadAll(Stream stream)
    {
        using (stream)
        {
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }
}
