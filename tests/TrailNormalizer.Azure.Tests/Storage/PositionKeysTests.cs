using TrailNormalizer.Azure.Storage;
using TrailNormalizer.Core.Evidence;

namespace TrailNormalizer.Azure.Tests.Storage;

public sealed class PositionKeysTests
{
    private static readonly DateTimeOffset Retain = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_highest_position_key_is_the_position_and_foreign_names_do_not_count()
    {
        var store = new MemoryEvidenceStore();
        foreach (string key in new[]
        {
            PositionKeys.KeyFor("cursors/x/", 2), PositionKeys.KeyFor("cursors/x/", 10), "cursors/x/99999999999999999999.json.tmp",
            "cursors/x/zzzz.json", "cursors/x/0000000000000000009a.json", PositionKeys.KeyFor("cursors/y/", 500),
        })
        {
            store.Put(key, new byte[] { 1 }, Retain);
        }

        string? latest = PositionKeys.Latest(store, "cursors/x/");

        latest.Should().Be("cursors/x/00000000000000000010.json");
        PositionKeys.PositionOf(latest!).Should().Be(10);
    }

    [Fact]
    public void An_empty_folder_has_no_position()
    {
        PositionKeys.Latest(new MemoryEvidenceStore(), "cursors/x/").Should().BeNull();
    }
}
