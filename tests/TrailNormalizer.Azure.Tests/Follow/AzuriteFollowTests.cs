using System.Text;
using Azure.Storage.Blobs.Specialized;
using TrailNormalizer.Azure.Host;
using TrailNormalizer.Azure.Storage;
using TrailNormalizer.Azure.Tests.Handler;
using TrailNormalizer.Core.Evidence;
using Azurite = TrailNormalizer.Azure.Tests.Storage.Azurite;

namespace TrailNormalizer.Azure.Tests.Follow;

/// <summary>An append blob in Azurite that keeps growing after its BlobCreated event, followed by the handler's functions.</summary>
public sealed class AzuriteFollowTests : IDisposable
{
    private readonly string _marker = Guid.NewGuid().ToString("N");
    private readonly MemoryEvidenceStore _store = new();
    private readonly TestHandler _handler;

    public AzuriteFollowTests()
    {
        var reader = LogBlobReader.WithConnectionString([Azurite.BlobEndpoint.Authority], Azurite.ConnectionString, development: true, Azurite.Options());
        _handler = new TestHandler(store: _store, logBlobs: new LogBlobReaderSource(reader));
    }

    [Fact]
    public void Every_record_appended_after_BlobCreated_is_stored_once_the_blob_is_followed()
    {
        var blob = CreateAppendBlob();
        Append(blob, Lines(1, 3));
        string blobCreated = FollowFunctionTests.BlobCreated(blob.Uri);

        Invoke(_handler.EventGrid.Invoke, TestHandler.EventGridInvocation(blobCreated, asString: true));
        var afterCreated = Stored();
        Append(blob, Lines(4, 2) + Line(6)[..25]);
        Invoke(_handler.Follow.Invoke, TestHandler.TimerInvocation());
        var afterAppend = Stored();
        Append(blob, Line(6)[25..]);
        Invoke(_handler.Follow.Invoke, TestHandler.TimerInvocation());
        var afterCompletion = Stored();
        Invoke(_handler.EventGrid.Invoke, TestHandler.EventGridInvocation(blobCreated, asString: false));

        afterCreated.Should().BeEquivalentTo([1, 2, 3]);
        afterAppend.Should().BeEquivalentTo([1, 2, 3, 4, 5]);
        afterCompletion.Should().BeEquivalentTo([1, 2, 3, 4, 5, 6]);
        Stored().Should().BeEquivalentTo([1, 2, 3, 4, 5, 6], "a redelivered BlobCreated starts from the cursor at the blob's end");
        EvidenceVerifier.Verify(_store).Findings.Should().BeEmpty();
    }

    [Fact]
    public void BlobCreated_for_a_new_empty_append_blob_stores_nothing_and_Follow_reads_it_later()
    {
        var blob = CreateAppendBlob();

        Invoke(_handler.EventGrid.Invoke, TestHandler.EventGridInvocation(FollowFunctionTests.BlobCreated(blob.Uri), asString: false));
        Append(blob, Lines(1, 2));
        Invoke(_handler.Follow.Invoke, TestHandler.TimerInvocation());

        Stored().Should().BeEquivalentTo([1, 2]);
        _store.Keys.Should().Contain(k => k.StartsWith(TrailNormalizer.Azure.Functions.LogCursor.FolderFor(blob.Uri), StringComparison.Ordinal));
    }

    public void Dispose() => _handler.Dispose();

    private static void Invoke(Func<InvocationRequest, InvocationResponse> function, string payload)
    {
        var response = TestHandler.Invoke(function, payload);
        response.StatusCode.Should().Be(200, string.Join("\n", response.Logs));
    }

    private AppendBlobClient CreateAppendBlob()
    {
        var now = DateTimeOffset.UtcNow;
        var container = Azurite.Service().GetBlobContainerClient("insights-activity-logs");
        container.CreateIfNotExists();
        var blob = container.GetAppendBlobClient($"resourceId=/SUBSCRIPTIONS/{_marker}/y={now:yyyy}/m={now:MM}/d={now:dd}/h={now:HH}/m=00/PT1H.json");
        blob.Create();
        return blob;
    }

    private static void Append(AppendBlobClient blob, string text) => blob.AppendBlock(new MemoryStream(Encoding.UTF8.GetBytes(text)));

    private string Line(int i) => FollowWorld.RecordLine(_marker, i);

    private string Lines(int from, int count) => string.Concat(Enumerable.Range(from, count).Select(Line));

    private List<int> Stored() => FollowWorld.LinesOf(_handler.StoredEvents(), _marker);
}
