using System.Text.Json;
using TrailNormalizer.Azure.Forwarding;
using TrailNormalizer.Azure.Storage;
using TrailNormalizer.Azure.Tests.Storage;
using TrailNormalizer.Core.Evidence;

namespace TrailNormalizer.Azure.Tests.Forwarding;

/// <summary>Forwarding over evidence in Azurite Blob storage: the cursors are create-only blobs, a failure is retried from the evidence.</summary>
public sealed class AzuriteForwardTests
{
    [Fact]
    public void The_cursor_is_a_create_only_blob_per_run_and_a_failed_forward_is_sent_from_the_evidence_next_run()
    {
        var container = Azurite.NewContainer();
        var store = new BlobEvidenceStore(container, worm: false, _ => { });
        using var world = new ForwardWorld(store, maxAttempts: 2);
        world.Ingest(ResourceEvents.StorageAccountWritten(1), ResourceEvents.StorageAccountWritten(2));
        world.Seal().StatusCode.Should().Be(200);
        world.Logs.Answer(503, retryAfter: "1", times: 2);

        var failed = world.RunForward();
        var cursorsAfterFailure = store.List(ForwardCursor.FolderFor("log-analytics")).ToList();
        var retried = world.RunForward();
        world.Ingest(ResourceEvents.StorageAccountWritten(3));
        world.Seal();
        var next = world.RunForward();

        failed.StatusCode.Should().Be(500);
        cursorsAfterFailure.Should().BeEmpty("nothing went through, so the position did not move");
        retried.StatusCode.Should().Be(200);
        next.StatusCode.Should().Be(200);
        world.Logs.AcceptedItems().Should().HaveCount(3, "each event exactly once across the runs");
        world.Waits.Should().StartWith([TimeSpan.FromSeconds(1)]);

        var cursors = store.List(ForwardCursor.FolderFor("log-analytics")).ToList();
        cursors.Should().Equal(
            ForwardCursor.FolderFor("log-analytics") + "00000000000000000002.json",
            ForwardCursor.FolderFor("log-analytics") + "00000000000000000003.json");
        using var latest = JsonDocument.Parse(store.OpenRead(cursors[^1]));
        latest.RootElement.GetProperty("seal").GetInt64().Should().Be(1);
        var overwrite = () => store.Put(cursors[0], new ForwardCursor("log-analytics", 0, 0, DateTimeOffset.UtcNow).ToJson(), DateTimeOffset.UtcNow.AddDays(1));
        overwrite.Should().Throw<EvidenceExistsException>("a cursor can never be moved back");
    }
}
