using System.Text;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Mapping;
using TrailNormalizer.Core.Merkle;
using TrailNormalizer.Core.Tests.Support;

namespace TrailNormalizer.Core.Tests.Evidence;

/// <summary>
/// How events spread over many account / region / hour partitions are cut into batches: the least recently used batch is
/// sealed at the open-batch and memory limits, a batch open too long is sealed, and sealed batches are stored in groups.
/// </summary>
public sealed class PartitionBatchingTests
{
    private const long Hour = 3_600_000;
    private const long Start = 1_790_000_000_000 / Hour * Hour;

    private static NormalizedEvent Event(string account, string region, long timeMs, int n) =>
        new(Encoding.UTF8.GetBytes($"{{\"class_uid\":6003,\"time\":{timeMs},\"metadata\":{{\"uid\":\"{account}-{region}-{n}\"}},\"cloud\":{{\"region\":\"{region}\"}}}}"),
            6003, timeMs, new EvidencePartition("aws", account, region), $"{account}-{region}-{n}");

    /// <summary>An organization trail's day: 12 accounts × 6 regions × 3 hours (216 partitions), records interleaved in time order.</summary>
    private static List<NormalizedEvent> OrganizationTrail(int records)
    {
        var random = new Random(216);
        return Enumerable.Range(0, records)
            .Select(n => Event($"1111{random.Next(12):D8}", $"eu-region-{random.Next(6)}", Start + (n * 3 * Hour / records), n))
            .ToList();
    }

    private static List<BatchManifest> Manifests(MemoryEvidenceStore store) =>
        store.Keys.Where(k => k.EndsWith(EvidenceKeys.ManifestSuffix, StringComparison.Ordinal))
            .Select(k => BatchManifest.Parse(store.OpenRead(k) is var s ? ReadAll(s) : []))
            .ToList();

    private static byte[] ReadAll(Stream stream)
    {
        using (stream)
        {
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }

    private static MemoryEvidenceStore Write(IEnumerable<NormalizedEvent> events, EvidenceWriterOptions? options = null, TimeProvider? time = null)
    {
        var store = new MemoryEvidenceStore();
        using var writer = new EvidenceWriter(store, time ?? FixedTime.Default, options);
        foreach (var e in events)
        {
            writer.Normalized(e);
        }

        writer.Flush();
        return store;
    }

    /// <summary>The batches as the contract sees them: folder, the uids in order and the Merkle root, batch ids aside.</summary>
    private static List<string> Shape(MemoryEvidenceStore store) =>
        Manifests(store).Select(m => $"{m.ObjectKey[..(m.ObjectKey.LastIndexOf('/') + 1)]} {m.Count} {m.MerkleRoot}").Order(StringComparer.Ordinal).ToList();

    [Fact]
    public void Interleaved_records_of_216_partitions_land_in_one_batch_per_partition_with_the_roots_of_their_lines_in_input_order()
    {
        var events = OrganizationTrail(5_000);

        var store = Write(events);

        var expected = events.GroupBy(e => EvidenceKeys.EventBatchFolder(e.Partition, e.TimeMs))
            .Select(g => $"{g.Key} {g.Count()} {Convert.ToHexStringLower(MerkleHash.Root(g.Select(e => MerkleHash.Leaf(e.Json)).ToList()))}")
            .Order(StringComparer.Ordinal).ToList();
        expected.Should().HaveCount(216);
        Shape(store).Should().Equal(expected);
        Shape(Write(events)).Should().Equal(expected, "the same input gives the same batches and roots");
        EvidenceVerifier.Verify(store).Findings.Should().BeEmpty();
    }

    [Fact]
    public void At_the_open_batch_limit_the_least_recently_used_batch_is_sealed_not_the_fullest()
    {
        // a a a b a c a: with two open batches, c's arrival seals b (used longest ago), though a is fuller.
        var events = new[] { ("a", 0), ("a", 1), ("a", 2), ("b", 3), ("a", 4), ("c", 5), ("a", 6) }
            .Select(p => Event("111122223333", "region-" + p.Item1, Start, p.Item2)).ToList();

        var store = Write(events, new EvidenceWriterOptions { MaxOpenBatches = 2 });

        Manifests(store).Select(m => (m.Partition["region"], m.Count)).Should().BeEquivalentTo(new[] { ("region-a", 5), ("region-b", 1), ("region-c", 1) });
    }

    [Fact]
    public void The_memory_budget_seals_least_recently_used_batches_and_loses_or_repeats_nothing()
    {
        var events = OrganizationTrail(3_000);

        var store = Write(events, new EvidenceWriterOptions { MaxOpenBatchBytes = 20_000 });

        var manifests = Manifests(store);
        manifests.Count.Should().BeGreaterThan(216, "20 KB cannot hold every partition's batch");
        manifests.Sum(m => m.Count).Should().Be(3_000);
        var stored = new List<string>();
        using (var lines = new MemoryStream())
        {
            EvidenceReader.CopyLines(store, EvidenceKeys.EventsPrefix, lines);
            stored.AddRange(Encoding.UTF8.GetString(lines.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }

        stored.Should().BeEquivalentTo(events.Select(e => Encoding.UTF8.GetString(e.Json)));
        Shape(Write(events, new EvidenceWriterOptions { MaxOpenBatchBytes = 20_000 })).Should().Equal(Shape(store));
        EvidenceVerifier.Verify(store).Findings.Should().BeEmpty();
    }

    [Fact]
    public void A_batch_open_longer_than_the_age_budget_is_sealed_on_the_next_write()
    {
        var time = new ManualTime(DateTimeOffset.FromUnixTimeMilliseconds(Start));
        var store = new MemoryEvidenceStore();
        using var writer = new EvidenceWriter(store, time, new EvidenceWriterOptions { MaxBatchAge = TimeSpan.FromMinutes(5), BatchesPerStoreGroup = 1 });
        writer.Normalized(Event("111122223333", "region-a", Start, 0));
        writer.Normalized(Event("111122223333", "region-b", Start, 1));
        time.Advance(TimeSpan.FromMinutes(4));
        writer.Normalized(Event("111122223333", "region-b", Start, 2));
        Manifests(store).Should().BeEmpty();

        time.Advance(TimeSpan.FromMinutes(2));
        writer.Normalized(Event("111122223333", "region-b", Start, 3));

        Manifests(store).Select(m => (m.Partition["region"], m.Count)).Should().BeEquivalentTo(new[] { ("region-a", 1), ("region-b", 3) });
    }

    [Fact]
    public void Sealed_batches_are_stored_as_a_group_objects_before_manifests_and_count_as_held_until_then()
    {
        var store = new MemoryEvidenceStore();
        var order = new List<string>();
        store.FailPut = key =>
        {
            order.Add(key);
            return false;
        };
        var stored = new List<string>();
        using var writer = new EvidenceWriter(store, FixedTime.Default, new EvidenceWriterOptions { MaxEventsPerBatch = 1, BatchesPerStoreGroup = 3 });
        writer.BatchStored += (manifest, _) => stored.Add(manifest);
        writer.CurrentInput = new TrailNormalizer.Core.Evidence.Runs.InputCursor("input-sha", new HashSet<long>());

        writer.Normalized(Event("111122223333", "region-a", Start, 0));
        writer.Normalized(Event("111122223333", "region-b", Start, 1));

        store.Keys.Should().BeEmpty("two sealed batches wait for the third");
        writer.HoldsInput("input-sha").Should().BeTrue();

        writer.Normalized(Event("111122223333", "region-c", Start, 2));

        order.Should().HaveCount(6);
        order.Take(3).Should().OnlyContain(k => k.EndsWith(EvidenceKeys.BatchSuffix, StringComparison.Ordinal));
        order.Skip(3).Should().Equal(order.Take(3).Select(EvidenceKeys.ManifestKeyFor));
        stored.Should().Equal(order.Skip(3));
        writer.HoldsInput("input-sha").Should().BeFalse();
    }
}
