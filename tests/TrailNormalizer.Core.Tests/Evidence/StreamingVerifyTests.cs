using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Evidence.Proofs;
using TrailNormalizer.Core.Evidence.Reports;
using TrailNormalizer.Core.Mapping;
using TrailNormalizer.Core.Merkle;
using TrailNormalizer.Core.Tests.Support;

namespace TrailNormalizer.Core.Tests.Evidence;

/// <summary>
/// verify streams each batch through reused buffers and checks batches in parallel groups: its findings, counts and
/// duplicate tally must be exactly those of reading each batch whole, one after the other.
/// </summary>
public sealed class StreamingVerifyTests
{
    private const int Batches = 90; // more than one parallel group on any machine this runs on
    private static readonly string[] RewrittenLines = ["{\"a\":1}", "{\"a\":2}", "{\"a\":3}"];

    private static byte[] Event(int batch, int i, string uid, string raw, int padding = 0) => Encoding.UTF8.GetBytes(
        $"{{\"class_uid\":6003,\"time\":{1_790_000_000_000L + i},\"metadata\":{{\"uid\":\"{uid}\"}},\"raw_data\":\"{raw}\",\"unmapped\":{{\"batch\":{batch},\"pad\":\"{new string('x', padding)}\"}}}}");

    private static byte[] Read(MemoryEvidenceStore store, string key)
    {
        using var stream = store.OpenRead(key);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Batch b in account acct-b: three events; batch 7 repeats an event of batch 3 (a duplicate delivery), batch 11 reuses a uid of batch 4 on another record (a conflict).</summary>
    private static MemoryEvidenceStore Evidence() => Evidence((b, i) => (b, i) switch
    {
        (7, 0) => ("uid-3-0", "raw-3-0"),
        (11, 1) => ("uid-4-1", "another record"),
        _ => ($"uid-{b}-{i}", $"raw-{b}-{i}"),
    });

    /// <summary>Batch b in account acct-b: three events, each the uid and raw record <paramref name="identity"/> gives.</summary>
    private static MemoryEvidenceStore Evidence(Func<int, int, (string Uid, string Raw)> identity)
    {
        var store = new MemoryEvidenceStore();
        for (int b = 0; b < Batches; b++)
        {
            using var writer = new EvidenceWriter(store, FixedTime.Default);
            var partition = new EvidencePartition("aws", $"acct-{b:D3}", "eu-west-1");
            for (int i = 0; i < 3; i++)
            {
                var (uid, raw) = identity(b, i);
                // One event is larger than the reading buffers, so its line spans several reads.
                writer.Normalized(new NormalizedEvent(Event(b, i, uid, raw, b == 20 && i == 1 ? 300_000 : 0), 6003, 1_790_000_000_000L + i, partition, uid));
            }

            writer.Flush();
        }

        return store;
    }

    private static string BatchOf(MemoryEvidenceStore store, int b) =>
        store.List($"events/cloud=aws/account=acct-{b:D3}/").Single(k => k.EndsWith(EvidenceKeys.BatchSuffix, StringComparison.Ordinal));

    private static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }

    /// <summary>A copy of the store with some objects replaced.</summary>
    private static MemoryEvidenceStore Copy(MemoryEvidenceStore store, Dictionary<string, byte[]?> replaced)
    {
        var copy = new MemoryEvidenceStore();
        foreach (string key in store.Keys)
        {
            byte[]? content = replaced.TryGetValue(key, out var r) ? r : Read(store, key);
            if (content is not null)
            {
                copy.Put(key, content, DateTimeOffset.MaxValue);
            }
        }

        return copy;
    }

    /// <summary>Manifest of batch b rewritten to describe <paramref name="content"/> except for what <paramref name="change"/> alters.</summary>
    private static byte[] ManifestFor(MemoryEvidenceStore store, string batchKey, byte[] content, Func<BatchManifest, BatchManifest> change) =>
        change(BatchManifest.Parse(Read(store, EvidenceKeys.ManifestKeyFor(batchKey))) with
        {
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)),
            Bytes = content.Length,
        }).ToJson();

    [Fact]
    public void Intact_evidence_with_a_line_longer_than_the_buffers_verifies_and_tallies_copies_and_conflicts()
    {
        var report = EvidenceVerifier.Verify(Evidence());

        report.Findings.Should().BeEmpty();
        report.Manifests.Should().Be(Batches);
        report.Events.Should().Be(3 * Batches);
        report.DuplicateDeliveries.Should().Be(1);
        report.UidConflicts.Select(c => c.Key).Should().Equal("uid-4-1");
    }

    [Fact]
    public void Every_kind_of_damage_is_reported_in_manifest_order_with_the_messages_of_a_whole_batch_read()
    {
        var store = Evidence();
        string flipped = BatchOf(store, 2), notGzip = BatchOf(store, 30), noNewline = BatchOf(store, 45), extraLine = BatchOf(store, 60);
        string otherRoot = BatchOf(store, 3), missing = BatchOf(store, 80), badManifest = EvidenceKeys.ManifestKeyFor(BatchOf(store, 70));
        byte[] flippedBytes = Read(store, flipped);
        flippedBytes[^6] ^= 0x01; // inside the gzip trailer's CRC
        byte[] plain = Encoding.UTF8.GetBytes("{\"a\":1}\n");
        byte[] unterminated = Gzip("{\"a\":1}\n{\"a\":2}\n{\"a\":3}");
        byte[] fourLines = Gzip("{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n{\"a\":4}\n");
        byte[] rewritten = Gzip(string.Concat(RewrittenLines.Select(l => l + "\n")));
        var damaged = Copy(store, new()
        {
            [flipped] = flippedBytes,
            [notGzip] = plain,
            [EvidenceKeys.ManifestKeyFor(notGzip)] = ManifestFor(store, notGzip, plain, m => m),
            [noNewline] = unterminated,
            [EvidenceKeys.ManifestKeyFor(noNewline)] = ManifestFor(store, noNewline, unterminated, m => m),
            [extraLine] = fourLines,
            [EvidenceKeys.ManifestKeyFor(extraLine)] = ManifestFor(store, extraLine, fourLines, m => m),
            [otherRoot] = rewritten,
            [EvidenceKeys.ManifestKeyFor(otherRoot)] = ManifestFor(store, otherRoot, rewritten, m => m),
            [missing] = null,
            [badManifest] = "{\"format\":"u8.ToArray(),
        });
        string rewrittenRoot = Convert.ToHexStringLower(MerkleHash.Root(RewrittenLines.Select(l => MerkleHash.Leaf(Encoding.UTF8.GetBytes(l))).ToList()));
        string flippedSha = Convert.ToHexStringLower(SHA256.HashData(flippedBytes));

        var report = EvidenceVerifier.Verify(damaged);

        report.Findings.Select(f => (f.Kind, f.Key)).Should().Equal(
            ("altered", flipped),
            ("altered", otherRoot),
            ("altered", notGzip),
            ("altered", noNewline),
            ("altered", extraLine),
            ("altered", badManifest),
            ("missing", missing),
            ("extra", BatchOf(store, 70)));
        var detail = report.Findings.ToDictionary(f => f.Key, f => f.Detail);
        detail[flipped].Should().StartWith($"sha256 {flippedSha} does not match the manifest's");
        detail[otherRoot].Should().StartWith($"Merkle root {rewrittenRoot} does not match the manifest's");
        detail[notGzip].Should().StartWith("not valid gzip: ");
        detail[noNewline].Should().Be("last line has no newline");
        detail[extraLine].Should().Be("4 lines, the manifest says 3");
        report.Events.Should().Be(3 * (Batches - 7), "only intact batches count");
        report.DuplicateDeliveries.Should().Be(0, "the copy in batch 7 is of an event in batch 3, which is altered and not tallied");
        report.UidConflicts.Select(c => c.Key).Should().Equal("uid-4-1");
    }

    [Fact]
    public void Copies_and_conflicts_far_apart_are_tallied_in_key_order_however_the_checks_run()
    {
        // uid-a: record A in batch 2, record B in batches 40 and 85: one conflict and no copy, because the first record is A
        // (a tally in any other order would count a copy of B). uid-c: the same record in batches 0, 45 and 89: two copies.
        var store = Evidence((b, i) => (b, i) switch
        {
            (2, 0) => ("uid-a", "A"),
            (40, 1) or (85, 2) => ("uid-a", "B"),
            (0, 0) or (45, 2) or (89, 1) => ("uid-c", "C"),
            _ => ($"uid-{b}-{i}", $"raw-{b}-{i}"),
        });

        var report = EvidenceVerifier.Verify(store);

        report.Findings.Should().BeEmpty();
        report.DuplicateDeliveries.Should().Be(2);
        report.UidConflicts.Select(c => c.Key).Should().Equal("uid-a");
    }

    [Fact]
    public void Lines_without_a_uid_or_with_one_that_is_not_a_string_are_never_copies_or_conflicts()
    {
        var store = Evidence((b, i) => ($"uid-{b}-{i}", $"raw-{b}-{i}"));
        string first = BatchOf(store, 5), second = BatchOf(store, 50);
        const string Lines = "{\"metadata\":{\"version\":\"1.8.0\"},\"raw_data\":\"r\"}\n{\"metadata\":{\"uid\":7},\"raw_data\":\"r\"}\n{\"metadata\":{\"uid\":\"\"},\"raw_data\":\"r\"}\n";
        byte[] content = Gzip(Lines);
        string root = Convert.ToHexStringLower(MerkleHash.Root(Lines.Split('\n')[..3].Select(l => MerkleHash.Leaf(Encoding.UTF8.GetBytes(l))).ToList()));
        var twice = Copy(store, new()
        {
            [first] = content,
            [EvidenceKeys.ManifestKeyFor(first)] = ManifestFor(store, first, content, m => m with { MerkleRoot = root }),
            [second] = content,
            [EvidenceKeys.ManifestKeyFor(second)] = ManifestFor(store, second, content, m => m with { MerkleRoot = root }),
        });

        var report = EvidenceVerifier.Verify(twice);

        report.Findings.Should().BeEmpty();
        report.DuplicateDeliveries.Should().Be(0);
        report.UidConflicts.Should().BeEmpty();
    }

    [Fact]
    public void A_batch_stored_as_several_gzip_members_verifies_like_one_member()
    {
        // A writer may compress each chunk of a batch as its own gzip member; the members' concatenation is one object.
        var store = Evidence();
        string batch = BatchOf(store, 20), copyOf3 = BatchOf(store, 7);
        byte[] lines = Gunzip(Read(store, batch));
        int[] cuts = [0, 17, lines.Length / 2, lines.Length - 1, lines.Length]; // inside a line, mid-batch, before the last newline
        byte[] members = [.. Enumerable.Range(0, cuts.Length - 1).SelectMany(i => GzipBytes(lines.AsSpan(cuts[i], cuts[i + 1] - cuts[i]).ToArray()))];
        byte[] copyMembers = [.. GzipBytes([]), .. Read(store, copyOf3), .. GzipBytes([])];
        var split = Copy(store, new()
        {
            [batch] = members,
            [EvidenceKeys.ManifestKeyFor(batch)] = ManifestFor(store, batch, members, m => m),
            [copyOf3] = copyMembers,
            [EvidenceKeys.ManifestKeyFor(copyOf3)] = ManifestFor(store, copyOf3, copyMembers, m => m),
        });

        var report = EvidenceVerifier.Verify(split);

        report.Findings.Should().BeEmpty();
        report.Events.Should().Be(3 * Batches);
        report.DuplicateDeliveries.Should().Be(1, "the copy in batch 7, now between two empty members, is still read");
        report.UidConflicts.Select(c => c.Key).Should().Equal("uid-4-1");
    }

    [Fact]
    public void A_damaged_second_gzip_member_is_reported()
    {
        var store = Evidence();
        string batch = BatchOf(store, 9);
        byte[] lines = Gunzip(Read(store, batch));
        byte[] second = GzipBytes(lines[10..]);
        second[^6] ^= 0x01; // inside the second member's CRC
        byte[] members = [.. GzipBytes(lines[..10]), .. second];
        var damaged = Copy(store, new()
        {
            [batch] = members,
            [EvidenceKeys.ManifestKeyFor(batch)] = ManifestFor(store, batch, members, m => m),
        });

        var report = EvidenceVerifier.Verify(damaged);

        report.Findings.Should().ContainSingle().Which.Detail.Should().StartWith("not valid gzip: ");
    }

    private static byte[] GzipBytes(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }

    private static byte[] Gunzip(byte[] content)
    {
        using var gzip = new GZipStream(new MemoryStream(content), CompressionMode.Decompress);
        using var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }

    [Fact]
    public async Task Checks_run_no_further_ahead_of_the_tally_than_the_bound_while_a_batch_is_slow()
    {
        // The tally waits for batch 0; what is checked meanwhile waits in memory, so no more than the bound may start.
        var evidence = Evidence();
        var store = new SlowFirstBatchStore(evidence, BatchOf(evidence, 0));
        var verify = Task.Run(() => EvidenceVerifier.Verify(store));

        SpinWait.SpinUntil(() => store.Opened >= EvidenceVerifier.BatchesAhead, TimeSpan.FromSeconds(30)).Should().BeTrue();
        Thread.Sleep(300);
        store.Opened.Should().Be(EvidenceVerifier.BatchesAhead);
        store.Release();
        var report = await verify;

        report.Findings.Should().BeEmpty();
        store.Opened.Should().Be(Batches);
        report.DuplicateDeliveries.Should().Be(1);
    }

    [Fact]
    public void Sample_and_report_leave_out_the_copies_verify_counts_and_name_the_same_conflicts()
    {
        var store = Evidence((b, i) => (b, i) switch
        {
            (2, 0) => ("uid-a", "A"),
            (40, 1) or (85, 2) => ("uid-a", "B"),
            (0, 0) or (45, 2) or (89, 1) => ("uid-c", "C"),
            _ => ($"uid-{b}-{i}", $"raw-{b}-{i}"),
        });
        var verified = EvidenceVerifier.Verify(store);
        var tally = new DuplicateTally();

        var events = EventSampler.Events(store, tally).Select(e =>
        {
            e.Event.Dispose();
            return e.Location;
        }).ToList();
        var report = CoverageReport.Build(store, TimeSpan.FromDays(1));

        events.Should().HaveCount(3 * Batches - 2);
        events.Where(e => e.Uid == "uid-c").Select(e => e.BatchKey).Should().Equal(BatchOf(store, 0));
        events.Count(e => e.Uid == "uid-a").Should().Be(3, "a conflict is not a copy");
        tally.DuplicateDeliveries.Should().Be(verified.DuplicateDeliveries).And.Be(2);
        tally.Conflicts.Should().Equal(verified.UidConflicts.Select(c => c.Key));
        report.DuplicateDeliveries.Should().Be(2);
        report.UidConflicts.Should().Equal("uid-a");
    }

    /// <summary>Counts the batch objects opened; opening the first batch waits until released.</summary>
    private sealed class SlowFirstBatchStore(MemoryEvidenceStore inner, string slowKey) : IEvidenceStore
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _opened;

        public int Opened => Volatile.Read(ref _opened);

        public void Release() => _released.SetResult();

        public Stream OpenRead(string key)
        {
            if (key.EndsWith(EvidenceKeys.BatchSuffix, StringComparison.Ordinal) && key.StartsWith(EvidenceKeys.EventsPrefix, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _opened);
                if (key == slowKey)
                {
                    _released.Task.Wait();
                }
            }

            return inner.OpenRead(key);
        }

        public void Put(string key, ReadOnlyMemory<byte> content, DateTimeOffset retainUntil) => inner.Put(key, content, retainUntil);

        public IEnumerable<string> List(string prefix) => inner.List(prefix);

        public bool Exists(string key) => inner.Exists(key);
    }
}
