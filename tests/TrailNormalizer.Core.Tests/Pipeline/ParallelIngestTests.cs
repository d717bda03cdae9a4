using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Evidence.Runs;
using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Pipeline;
using TrailNormalizer.Core.Rules;
using TrailNormalizer.Core.Rules.Escalation;
using TrailNormalizer.Core.Tests.Support;

namespace TrailNormalizer.Core.Tests.Pipeline;

/// <summary>
/// Routing on several workers stores exactly what one thread stores for the same input: the same events in the same batches
/// with the same Merkle roots, the same quarantine items and findings (batch ids and creation times aside, which are drawn per run).
/// </summary>
public sealed partial class ParallelIngestTests : IDisposable
{
    private static readonly Lazy<SigmaRuleSet> Rules = new(BuiltInRules.Load);

    // Small batches and few open partitions, so batches are cut by size, by least-recent use and by the memory budget.
    private static readonly EvidenceWriterOptions SmallBatches = new()
    {
        MaxEventsPerBatch = 40,
        MaxOpenBatches = 16,
        MaxOpenBatchBytes = 256 * 1024,
        BatchesPerStoreGroup = 4,
    };

    private readonly ParallelInputs _inputs = new();

    public void Dispose() => _inputs.Dispose();

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(8)]
    public void Workers_store_the_same_batches_merkle_roots_quarantine_and_findings_as_one_thread(int workers)
    {
        var sequential = Run(workers: 1);
        var parallel = Run(workers);

        sequential.Summary.Findings.Should().BeGreaterThan(0, "the inputs hold records matching high-level rules");
        sequential.Summary.Quarantined.Should().BeGreaterThanOrEqualTo(3 + 4 * 10, "a missing, an empty and a record-less file, and the NDJSON's bad lines");
        sequential.Batches.Should().HaveCountGreaterThan(100, "records of ~800 partitions through 16 open batches");
        sequential.Batches.Should().Contain(b => b.StartsWith("quarantine ", StringComparison.Ordinal));
        parallel.Batches.Should().Equal(sequential.Batches);
        parallel.Summary.Should().BeEquivalentTo(sequential.Summary);
        EvidenceVerifier.Verify(parallel.Store).Intact.Should().BeTrue();
    }

    [Fact]
    public void The_evidence_is_the_same_for_every_worker_count_and_every_repetition()
    {
        var first = Run(workers: 2).Batches;

        foreach (int workers in new[] { 4, 16, 4 })
        {
            Run(workers).Batches.Should().Equal(first, $"{workers} workers");
        }
    }

    [Fact]
    public void With_the_run_journal_each_batch_lists_the_same_input_records_and_each_input_is_completed()
    {
        var sequential = RunJournaled(workers: 1);
        var parallel = RunJournaled(workers: 4);

        sequential.Batches.Should().Contain(b => b.Contains(" inputs=", StringComparison.Ordinal));
        parallel.Batches.Should().Equal(sequential.Batches);
        parallel.Completed.Should().Be(sequential.Completed).And.Be(4, "every input that exists is completed");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void A_storage_failure_is_thrown_from_the_run_as_one_thread_throws_it_and_stores_nothing_after_it(int workers)
    {
        var store = new MemoryEvidenceStore();
        int puts = 0;
        store.FailPut = _ => ++puts > 6;
        var pipeline = new NormalizationPipeline(store, FixedTime.Default, Limits, SmallBatches, rules: Rules.Value, escalation: new EscalationOptions(), workers: workers);

        var run = () => pipeline.Run(_inputs.Files);

        run.Should().Throw<IOException>().WithMessage("store unavailable (simulated) for *");
        puts.Should().Be(7, "the store is not written again after its first failure");
        store.Keys.Should().HaveCount(6);
    }

    private static InputLimits Limits => InputLimits.Default with { MaxUnitBytes = ParallelInputs.MaxRecordBytes };

    private (IngestSummary Summary, List<string> Batches, MemoryEvidenceStore Store) Run(int workers)
    {
        var store = new MemoryEvidenceStore();
        var summary = new NormalizationPipeline(store, FixedTime.Default, Limits, SmallBatches, rules: Rules.Value, escalation: new EscalationOptions(), workers: workers)
            .Run(_inputs.Files);
        return (summary, Fingerprints(store), store);
    }

    private (List<string> Batches, int Completed) RunJournaled(int workers)
    {
        var folder = Directory.CreateTempSubdirectory("trailnorm-parallel-journal-");
        try
        {
            using var store = new LocalEvidenceStore(folder.FullName);
            using var journal = new LocalRunJournal(store, FixedTime.Default, reingest: false, RetentionPolicy.Default, _ => { });
            journal.Start(_inputs.FewPartitions); // each batch a durable file: few of them
            new NormalizationPipeline(store, FixedTime.Default, Limits, SmallBatches with { RunTag = journal.RunTag }, rules: Rules.Value, workers: workers)
                .Run(_inputs.FewPartitions, ledger: journal);
            return (Fingerprints(store), store.List(RunRecords.InputsPrefix).Count());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Each batch as what must match: kind, partition, count, time span, classes, inputs, object SHA-256 and Merkle root. A batch
    /// holding detection findings names the (randomly named) batch of each finding's event: it is compared by its lines with those names masked.
    /// </summary>
    private static List<string> Fingerprints(IEvidenceStore store) =>
        store.List("").Where(k => k.EndsWith(EvidenceKeys.ManifestSuffix, StringComparison.Ordinal))
            .Select(k => BatchManifest.Parse(ReadAll(store, k)))
            .Select(m => string.Create(CultureInfo.InvariantCulture,
                $"{m.Kind} {Pairs(m.Partition)} n={m.Count} t={m.TimeStartMs}..{m.TimeEndMs} classes={Pairs(m.Classes)} inputs={Pairs(m.Inputs)} ")
                + (m.Classes.ContainsKey("2004") ? $"masked-lines={MaskedLinesHash(store, m.ObjectKey)}" : $"sha256={m.Sha256} root={m.MerkleRoot}"))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static string MaskedLinesHash(IEvidenceStore store, string objectKey)
    {
        using var gzip = new GZipStream(new MemoryStream(ReadAll(store, objectKey)), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        string masked = BatchKeys().Replace(reader.ReadToEnd(), "\"batch_key\":\"-\"");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(masked)));
    }

    [GeneratedRegex("\"batch_key\":\"[^\"]*\"")]
    private static partial Regex BatchKeys();

    private static string Pairs<T>(IReadOnlyDictionary<string, T> values) =>
        string.Join(',', values.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}:{p.Value}"));

    private static byte[] ReadAll(IEvidenceStore store, string key)
    {
        using var stream = store.OpenRead(key);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
