using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using TrailNormalizer.Core.Evidence;
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
    private static MemoryEvidenceStore Evidence()
    {
        var store = new MemoryEvidenceStore();
        for (int b = 0; b < Batches; b++)
        {
            using var writer = new EvidenceWriter(store, FixedTime.Default);
            var partition = new EvidencePartition("aws", $"acct-{b:D3}", "eu-west-1");
            for (int i = 0; i < 3; i++)
            {
                var (uid, raw) = (b, i) switch
                {
                    (7, 0) => ("uid-3-0", "raw-3-0"),
                    (11, 1) => ("uid-4-1", "another record"),
                    _ => ($"uid-{b}-{i}", $"raw-{b}-{i}"),
                };
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
}
