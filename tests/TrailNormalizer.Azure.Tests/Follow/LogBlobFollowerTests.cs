using TrailNormalizer.Azure.Functions;
using TrailNormalizer.Core.Evidence;

namespace TrailNormalizer.Azure.Tests.Follow;

/// <summary>Following a growing append blob: offsets, partial lines, the closing period, races and failures.</summary>
public sealed class LogBlobFollowerTests
{
    [Fact]
    public void Complete_lines_are_stored_and_the_cursor_stops_before_a_partial_line()
    {
        using var world = new FollowWorld();
        string complete = world.Lines(1, 3);
        var url = world.Blobs.Create("a", complete + world.Line(4)[..20]);

        var step = world.Follow(url);

        world.StoredLines().Should().BeEquivalentTo([1, 2, 3]);
        step.Should().BeEquivalentTo(new FollowStep(null, 0, FollowWorld.Bytes(complete), 3, FollowWorld.Bytes(complete), TailHeld: true));
        var cursor = world.Cursor(world.Cursors().Should().ContainSingle().Subject);
        cursor.Should().BeEquivalentTo(new LogCursor(LogCursor.BlobIdentity(url), FollowWorld.Bytes(complete), 0, 3, world.Time.GetUtcNow()));
        world.Cursors()[0].Should().EndWith("/" + FollowWorld.Bytes(complete).ToString("D20", System.Globalization.CultureInfo.InvariantCulture) + ".json");
    }

    [Fact]
    public void The_next_step_reads_from_the_cursor_and_stores_only_what_was_appended()
    {
        using var world = new FollowWorld();
        string first = world.Lines(1, 3);
        string partial = world.Line(6)[..15];
        var url = world.Blobs.Create("a", first);
        world.Follow(url);
        world.Time.Advance(TimeSpan.FromMinutes(5));
        world.Blobs.Append(url, world.Lines(4, 2) + partial);

        var second = world.Follow(url);
        world.Blobs.Append(url, world.Line(6)[15..]);
        var third = world.Follow(url);
        var fourth = world.Follow(url);

        world.Blobs.Reads.Select(r => r.Offset).Should().Equal(0, FollowWorld.Bytes(first), FollowWorld.Bytes(first + world.Lines(4, 2)), FollowWorld.Bytes(first + world.Lines(4, 3)));
        second.Records.Should().Be(2);
        third.Records.Should().Be(1);
        fourth.Records.Should().Be(0);
        world.StoredLines().Should().BeEquivalentTo([1, 2, 3, 4, 5, 6]);
        world.Cursors().Select(world.Cursor).Select(c => (c.PreviousOffset, c.Offset, c.Records)).Should().Equal(
            (0L, FollowWorld.Bytes(first), 3L),
            (FollowWorld.Bytes(first), FollowWorld.Bytes(first + world.Lines(4, 2)), 2L),
            (FollowWorld.Bytes(first + world.Lines(4, 2)), FollowWorld.Bytes(first + world.Lines(4, 3)), 1L));
    }

    [Fact]
    public void An_unterminated_last_line_is_read_once_the_blob_is_unmodified_for_the_closing_period()
    {
        using var world = new FollowWorld();
        var url = world.Blobs.Create("a", world.Lines(1, 2) + world.Line(3).TrimEnd('\n'));

        world.Follow(url);
        world.Time.Advance(world.Handler.Services.Settings.LogClosingPeriod - TimeSpan.FromSeconds(1));
        var before = world.Follow(url);
        world.Time.Advance(TimeSpan.FromSeconds(1));
        var closed = world.Follow(url);

        before.Records.Should().Be(0);
        before.TailHeld.Should().BeTrue();
        closed.Records.Should().Be(1);
        closed.TailHeld.Should().BeFalse();
        world.StoredLines().Should().BeEquivalentTo([1, 2, 3]);
    }

    [Fact]
    public void A_block_blob_is_complete_when_created_so_its_last_line_is_read_at_once()
    {
        using var world = new FollowWorld();
        var url = world.Blobs.Create("a", world.Lines(1, 1) + world.Line(2).TrimEnd('\n'), append: false);

        world.Follow(url).Records.Should().Be(2);

        world.StoredLines().Should().BeEquivalentTo([1, 2]);
    }

    [Fact]
    public void A_bounded_read_stops_at_the_last_line_end_within_the_bound_and_the_next_step_goes_on()
    {
        using var world = new FollowWorld();
        var url = world.Blobs.Create("a", world.Lines(1, 5), append: false);
        int twoAndAHalf = FollowWorld.Bytes(world.Lines(1, 2)) + 10;

        var first = world.Follow(url, maxBytes: twoAndAHalf);
        var second = world.Follow(url);

        first.Records.Should().Be(2, "the cut third line is not the blob's end, even though the blob is complete");
        second.Records.Should().Be(3);
        world.StoredLines().Should().BeEquivalentTo([1, 2, 3, 4, 5]);
    }

    [Fact]
    public void A_concurrent_follower_that_stored_the_same_step_first_is_not_an_error()
    {
        using var world = new FollowWorld();
        var url = world.Blobs.Create("a", world.Lines(1, 3));
        world.Blobs.DuringRead = () =>
        {
            world.Blobs.DuringRead = null;
            world.Follow(url);
        };

        var step = world.Follow(url);

        step.ToOffset.Should().Be(FollowWorld.Bytes(world.Lines(1, 3)));
        world.Cursors().Should().ContainSingle();
        world.StoredLines().Should().BeEquivalentTo([1, 1, 2, 2, 3, 3], "both read the same lines: duplicates with the same uid, nothing lost");
        world.Follow(url).Records.Should().Be(0);
    }

    [Fact]
    public void A_store_failure_before_the_cursor_fails_the_step_and_the_retry_reads_the_same_lines_again()
    {
        using var world = new FollowWorld();
        var url = world.Blobs.Create("a", world.Lines(1, 3));
        world.Store.FailPut = key => key.StartsWith(EvidenceKeys.EventsPrefix, StringComparison.Ordinal);

        var failing = () => world.Follow(url);

        failing.Should().Throw<IOException>();
        world.Cursors().Should().BeEmpty();
        world.Store.FailPut = null;
        world.Follow(url).FromOffset.Should().Be(0);
        world.StoredLines().Should().BeEquivalentTo([1, 2, 3]);
    }

    [Fact]
    public void A_cursor_write_failure_fails_the_step_and_the_retry_stores_duplicates_not_gaps()
    {
        using var world = new FollowWorld();
        var url = world.Blobs.Create("a", world.Lines(1, 2));
        world.Store.FailPut = key => key.StartsWith(LogCursor.Prefix, StringComparison.Ordinal);

        var failing = () => world.Follow(url);

        failing.Should().Throw<IOException>();
        world.Store.FailPut = null;
        world.Follow(url).Records.Should().Be(2);
        world.StoredLines().Should().BeEquivalentTo([1, 1, 2, 2]);
        world.Cursors().Should().ContainSingle();
    }

    [Fact]
    public void A_read_that_breaks_midway_fails_the_step_and_skips_nothing()
    {
        using var world = new FollowWorld();
        var url = world.Blobs.Create("a", world.Lines(1, 4));
        world.Blobs.BreakAfterBytes = FollowWorld.Bytes(world.Lines(1, 2)) + 5;

        var failing = () => world.Follow(url);

        failing.Should().Throw<IOException>().WithMessage("*connection reset*");
        world.Cursors().Should().BeEmpty();
        world.Follow(url).Records.Should().Be(4);
        world.StoredLines().Distinct().Should().BeEquivalentTo([1, 2, 3, 4]);
    }

    [Fact]
    public void A_blob_the_source_refuses_is_reported_and_nothing_is_written()
    {
        using var world = new FollowWorld();

        var step = world.Follow(new Uri("https://other.blob.core.windows.net/insights-activity-logs/PT1H.json"));

        step.Refusal.Should().Be("log blob not found");
        world.Store.Keys.Should().BeEmpty();
    }
}
