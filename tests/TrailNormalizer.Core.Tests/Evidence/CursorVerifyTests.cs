using System.Text;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Mapping;
using TrailNormalizer.Core.Tests.Support;

namespace TrailNormalizer.Core.Tests.Evidence;

/// <summary>Adapters' read positions under cursors/ sit beside the evidence: not extra, but still checked as JSON.</summary>
public sealed class CursorVerifyTests
{
    private static MemoryEvidenceStore StoreWithOneBatch()
    {
        var store = new MemoryEvidenceStore();
        using var writer = new EvidenceWriter(store, FixedTime.Default);
        writer.Normalized(new NormalizedEvent("{\"a\":1}"u8.ToArray(), 6003, 1_790_000_000_000, new EvidencePartition("azure", "sub", "global"), "uid-1"));
        writer.Flush();
        return store;
    }

    [Fact]
    public void A_cursor_object_is_not_reported_as_extra()
    {
        var store = StoreWithOneBatch();
        store.Put(EvidenceKeys.CursorsPrefix + "azure-logs/abc/00000000000000000042.json", Encoding.UTF8.GetBytes("{\"offset\":42}"), DateTimeOffset.MaxValue);

        var report = EvidenceVerifier.Verify(store);

        report.Findings.Should().BeEmpty();
        report.Events.Should().Be(1);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    public void A_cursor_that_is_not_a_JSON_object_is_reported_altered(string content)
    {
        var store = StoreWithOneBatch();
        string key = EvidenceKeys.CursorsPrefix + "azure-logs/abc/00000000000000000042.json";
        store.Put(key, Encoding.UTF8.GetBytes(content), DateTimeOffset.MaxValue);

        var report = EvidenceVerifier.Verify(store);

        report.Findings.Should().ContainSingle().Which.Should().Match<VerifyFinding>(f => f.Kind == "altered" && f.Key == key);
    }

    [Fact]
    public void Any_other_unlisted_object_is_still_extra()
    {
        var store = StoreWithOneBatch();
        store.Put("cursorsX/a.json", "{}"u8.ToArray(), DateTimeOffset.MaxValue);

        EvidenceVerifier.Verify(store).Findings.Should().ContainSingle().Which.Kind.Should().Be("extra");
    }
}
