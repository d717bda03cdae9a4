using System.Text.Json;
using TrailNormalizer.Azure.Tests.Handler;
using TrailNormalizer.Core.Evidence;

namespace TrailNormalizer.Azure.Tests.Follow;

/// <summary>The Follow timer and BlobCreated together: nothing appended after BlobCreated is lost.</summary>
public sealed class FollowFunctionTests
{
    [Fact]
    public void BlobCreated_reads_what_exists_and_Follow_reads_what_is_appended_later()
    {
        using var world = new FollowWorld();
        var url = world.Blobs.Create("a", world.Lines(1, 3));
        string blobCreated = BlobCreated(url);

        var created = TestHandler.Invoke(world.Handler.EventGrid.Invoke, TestHandler.EventGridInvocation(blobCreated, asString: false));
        world.Blobs.Append(url, world.Lines(4, 2) + world.Line(6)[..30]);
        var follow = TestHandler.Invoke(world.Handler.Follow.Invoke, TestHandler.TimerInvocation());
        world.Blobs.Append(url, world.Line(6)[30..]);
        var followAgain = TestHandler.Invoke(world.Handler.Follow.Invoke, TestHandler.TimerInvocation());
        var redelivered = TestHandler.Invoke(world.Handler.EventGrid.Invoke, TestHandler.EventGridInvocation(blobCreated, asString: false));

        created.StatusCode.Should().Be(200);
        created.Logs[0].Should().Contain("3 events").And.Contain("1 log blobs read");
        follow.StatusCode.Should().Be(200);
        follow.Logs[0].Should().Contain("1 read (2 records").And.Contain("1 with an unfinished last line held back");
        followAgain.Logs[0].Should().Contain("1 read (1 records");
        redelivered.Logs[0].Should().Contain("0 events");
        world.StoredLines().Should().BeEquivalentTo([1, 2, 3, 4, 5, 6]);
        world.Handler.StoredEvents(EvidenceKeys.QuarantinePrefix).Should().BeEmpty();
    }

    [Fact]
    public void Follow_skips_blobs_already_stored_to_their_end_without_reading_them()
    {
        using var world = new FollowWorld();
        var url = world.Blobs.Create("a", world.Lines(1, 2));
        world.Follow(url);
        world.Blobs.Reads.Clear();

        var response = TestHandler.Invoke(world.Handler.Follow.Invoke, TestHandler.TimerInvocation());

        response.Logs[0].Should().Contain("1 log blobs modified").And.Contain("0 read").And.Contain("1 already stored");
        world.Blobs.Reads.Should().BeEmpty();
    }

    [Fact]
    public void Blobs_modified_before_the_lookback_window_are_not_listed()
    {
        using var world = new FollowWorld();
        world.Blobs.Create("old", world.Lines(1, 2));
        world.Time.Advance(world.Handler.Services.Settings.FollowLookback + TimeSpan.FromMinutes(1));

        var response = TestHandler.Invoke(world.Handler.Follow.Invoke, TestHandler.TimerInvocation());

        response.Logs[0].Should().StartWith("Follow: 0 log blobs modified in the last 180 min");
        world.StoredLines().Should().BeEmpty();
    }

    [Fact]
    public void Work_per_invocation_is_bounded_and_the_rest_is_read_next_time()
    {
        using var world = new FollowWorld();
        var urls = Enumerable.Range(0, 3).Select(i => world.Blobs.Create($"b{i}", world.Line(i))).ToList();
        var bounded = new TestHandler(store: world.Store, logBlobs: world.Blobs, time: world.Time);
        var services = bounded.Services;
        var follow = new TrailNormalizer.Azure.Functions.FollowFunction(new TrailNormalizer.Azure.Functions.HandlerServices
        {
            Settings = services.Settings with { FollowMaxBlobs = 2 },
            Store = services.Store,
            LogBlobs = services.LogBlobs,
            SignerFactory = services.SignerFactory,
            Time = services.Time,
            Log = services.Log,
        });

        var first = TestHandler.Invoke(follow.Invoke, TestHandler.TimerInvocation());
        var second = TestHandler.Invoke(follow.Invoke, TestHandler.TimerInvocation());

        first.Logs[0].Should().Contain("2 read").And.Contain("stopped at the bound");
        second.Logs[0].Should().Contain("1 read").And.Contain("2 already stored").And.NotContain("stopped at the bound");
        world.StoredLines().Should().BeEquivalentTo([0, 1, 2]);
        bounded.Dispose();
    }

    [Fact]
    public void A_blob_that_fails_fails_the_invocation_after_the_others_are_stored()
    {
        using var world = new FollowWorld();
        var good = world.Blobs.Create("good", world.Lines(1, 2));
        var bad = world.Blobs.Create("bad", world.Lines(3, 2));
        world.Store.FailPut = key => key.StartsWith(LogCursorFolder(bad), StringComparison.Ordinal);

        var response = TestHandler.Invoke(world.Handler.Follow.Invoke, TestHandler.TimerInvocation());
        world.Store.FailPut = null;
        var retry = TestHandler.Invoke(world.Handler.Follow.Invoke, TestHandler.TimerInvocation());

        response.StatusCode.Should().Be(500);
        response.Logs[0].Should().Contain("1 failed");
        world.Handler.Log.ToString().Should().Contain("read again from its cursor next time");
        retry.StatusCode.Should().Be(200);
        world.StoredLines().Distinct().Should().BeEquivalentTo([1, 2, 3, 4]);
        world.Follow(good).Records.Should().Be(0);
    }

    private static string LogCursorFolder(Uri url) => TrailNormalizer.Azure.Functions.LogCursor.FolderFor(url);

    internal static string BlobCreated(Uri url)
    {
        string blobPath = new global::Azure.Storage.Blobs.BlobUriBuilder(url).BlobName;
        string container = new global::Azure.Storage.Blobs.BlobUriBuilder(url).BlobContainerName;
        return JsonSerializer.Serialize(new[]
        {
            new Dictionary<string, object>
            {
                ["topic"] = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/mylogs",
                ["subject"] = $"/blobServices/default/containers/{container}/blobs/{blobPath}",
                ["eventType"] = "Microsoft.Storage.BlobCreated",
                ["eventTime"] = "2026-11-24T10:00:01Z",
                ["id"] = Guid.NewGuid().ToString(),
                ["data"] = new Dictionary<string, object> { ["api"] = "PutBlob", ["blobType"] = "AppendBlob", ["url"] = url.ToString() },
                ["dataVersion"] = "",
                ["metadataVersion"] = "1",
            },
        });
    }
}
