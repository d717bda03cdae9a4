using System.Text;
using System.Text.Json;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Evidence.Runs;
using TrailNormalizer.Core.Tests.Support;

namespace TrailNormalizer.Core.Tests.Evidence;

/// <summary>The pieces that make re-runs idempotent: ordinal ranges, skipping stored records, and duplicate tallies.</summary>
public sealed class RunJournalPartsTests
{
    [Fact]
    public void Ordinal_ranges_round_trip_through_their_text()
    {
        var ranges = new OrdinalRanges();
        foreach (long o in new long[] { 0, 1, 2, 5, 7, 8 })
        {
            ranges.Add(o);
        }

        ranges.ToString().Should().Be("0-2,5,7-8");
        var parsed = new HashSet<long>();
        OrdinalRanges.ParseInto(ranges.ToString(), parsed);
        parsed.Should().BeEquivalentTo(new long[] { 0, 1, 2, 5, 7, 8 });
        var bad = () => OrdinalRanges.ParseInto("5-2", new HashSet<long>());
        bad.Should().Throw<FormatException>();
    }

    [Fact]
    public void A_writer_with_an_input_cursor_skips_stored_ordinals_and_records_the_rest_in_the_manifest()
    {
        var store = new MemoryEvidenceStore();
        var events = Normalize.Text(CloudTrailSamples.LogFile(6)).Events;
        using (var writer = new EvidenceWriter(store, TimeProvider.System) { CurrentInput = new InputCursor("abc", new HashSet<long> { 0, 1, 4 }) })
        {
            foreach (var e in events)
            {
                writer.Normalized(e);
            }

            writer.CurrentInput!.Skipped.Should().Be(3);
            writer.Flush();
            writer.NormalizedCount.Should().Be(3);
        }

        var manifests = store.Keys.Where(k => k.EndsWith(EvidenceKeys.ManifestSuffix, StringComparison.Ordinal))
            .Select(k => BatchManifest.Parse(store.OpenRead(k).ReadAllBytesForTest())).ToList();
        var stored = new HashSet<long>();
        foreach (var m in manifests)
        {
            OrdinalRanges.ParseInto(m.Inputs["abc"], stored);
        }

        stored.Should().BeEquivalentTo(new long[] { 2, 3, 5 });
    }

    [Fact]
    public void The_duplicate_tally_counts_copies_and_flags_conflicts()
    {
        var tally = new DuplicateTally();
        bool Repeat(string json)
        {
            using var doc = JsonDocument.Parse(json);
            return tally.IsRepeat(doc.RootElement, Encoding.UTF8.GetBytes(json));
        }

        Repeat("""{"metadata":{"uid":"a"},"raw_data":"{\"x\":1}"}""").Should().BeFalse();
        Repeat("""{"metadata":{"uid":"a"},"raw_data":"{\"x\":1}","enrichments":[]}""").Should().BeTrue("same uid, same raw record");
        Repeat("""{"metadata":{"uid":"a"},"raw_data":"{\"x\":2}"}""").Should().BeFalse("a different record under the same uid is not a copy");
        Repeat("""{"metadata":{"uid":"b"},"raw_data":"{\"x\":1}"}""").Should().BeFalse();

        tally.DuplicateDeliveries.Should().Be(1);
        tally.Conflicts.Should().Equal("a");
    }
}

internal static class StreamTestExtensions
{
    public static byte[] ReadAllBytesForTest(this Stream stream)
    {
        using (stream)
        using (var memory = new MemoryStream())
        {
            stream.CopyTo(memory);
            return memory.ToArray();
        }
    }
}
