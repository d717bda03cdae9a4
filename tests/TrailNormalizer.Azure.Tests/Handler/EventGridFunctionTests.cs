using System.Text.Json;
using TrailNormalizer.Core.Evidence;

namespace TrailNormalizer.Azure.Tests.Handler;

public sealed class EventGridFunctionTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_event_of_a_batch_is_stored_whether_sent_as_json_or_as_a_string(bool asString)
    {
        using var handler = new TestHandler();
        string batch = TestHandler.Fixture("cloudevents/storage-blob-created-batch.json");
        int expected = JsonDocument.Parse(batch).RootElement.GetArrayLength();

        var response = TestHandler.Invoke(handler.EventGrid.Invoke, TestHandler.EventGridInvocation(batch, asString));

        response.StatusCode.Should().Be(200);
        handler.StoredEvents().Should().HaveCount(expected);
        response.Logs.Should().ContainSingle().Which.Should().Contain($"{expected} events");
    }

    [Fact]
    public void The_same_delivery_twice_is_stored_once_and_the_retry_says_so()
    {
        using var handler = new TestHandler();
        string batch = TestHandler.Fixture("cloudevents/storage-blob-created-batch.json");
        int expected = JsonDocument.Parse(batch).RootElement.GetArrayLength();

        TestHandler.Invoke(handler.EventGrid.Invoke, TestHandler.EventGridInvocation(batch, asString: false)).StatusCode.Should().Be(200);
        var keys = handler.LocalStore.List(EvidenceKeys.EventsPrefix).ToList();
        var retry = TestHandler.Invoke(handler.EventGrid.Invoke, TestHandler.EventGridInvocation(batch, asString: false));

        retry.StatusCode.Should().Be(200);
        handler.StoredEvents().Should().HaveCount(expected);
        handler.LocalStore.List(EvidenceKeys.EventsPrefix).Should().Equal(keys);
        retry.Logs.Should().ContainSingle().Which.Should().Contain("0 batches stored").And.Contain("already stored by an earlier delivery");
        EvidenceVerifier.Verify(handler.LocalStore).DuplicateDeliveries.Should().Be(0);
    }

    [Fact]
    public void Single_event_object_is_stored_and_tagged_with_the_built_in_rules_when_they_match()
    {
        using var handler = new TestHandler();
        string single = JsonDocument.Parse(TestHandler.Fixture("eventgrid/resources-delete-success-encoded-strings.json")).RootElement[0].GetRawText();

        var response = TestHandler.Invoke(handler.EventGrid.Invoke, TestHandler.EventGridInvocation(single, asString: true));

        response.StatusCode.Should().Be(200);
        var all = handler.StoredEvents();
        all.Should().ContainSingle(e => e.GetProperty("class_uid").GetInt32() == 2004, "the Key Vault deletion matches a high rule, which escalates");
        var stored = all.Should().ContainSingle(e => e.GetProperty("class_uid").GetInt32() != 2004).Subject;
        stored.GetProperty("metadata").GetProperty("product").GetProperty("name").GetString().Should().Be("Azure Resource Manager", "the product is the service that produced the event");
        stored.GetProperty("metadata").GetProperty("log_provider").GetString().Should().Be("Azure Event Grid");
        var manifests = handler.LocalStore.List(EvidenceKeys.EventsPrefix).Where(k => k.EndsWith(EvidenceKeys.ManifestSuffix, StringComparison.Ordinal)).ToList();
        manifests.Should().ContainSingle();
        using var manifest = JsonDocument.Parse(handler.LocalStore.OpenRead(manifests[0]));
        manifest.RootElement.GetRawText().Should().Contain("trailnorm-azure");
    }

    [Fact]
    public void A_trigger_value_that_is_not_json_is_quarantined_not_failed()
    {
        using var handler = new TestHandler();

        var response = TestHandler.Invoke(handler.EventGrid.Invoke, """{"Data":{"eventGridEvent":"garbage"}}""");

        response.StatusCode.Should().Be(200);
        handler.StoredEvents(EvidenceKeys.QuarantinePrefix).Should().ContainSingle()
            .Which.GetProperty("raw").GetString().Should().Be("\"garbage\"");
    }

    [Fact]
    public void Missing_trigger_binding_is_a_bad_invocation()
    {
        using var handler = new TestHandler();

        var response = TestHandler.Invoke(handler.EventGrid.Invoke, """{"Data":{}}""");

        response.StatusCode.Should().Be(400);
    }

    [Fact]
    public void Failure_to_store_fails_the_invocation_with_500()
    {
        using var handler = new TestHandler(store: new FailingStore());

        var response = TestHandler.Invoke(handler.EventGrid.Invoke, TestHandler.EventGridInvocation(TestHandler.Fixture("eventgrid/resources-write-success.json"), asString: false));

        response.StatusCode.Should().Be(500);
        response.Logs.Should().ContainSingle().Which.Should().Contain("storage unreachable");
    }

    [Fact]
    public void Diagnostic_log_blob_is_replaced_by_its_records()
    {
        string blobCreated = TestHandler.Fixture("eventgrid/storage-blob-created.json");
        string url = JsonDocument.Parse(blobCreated).RootElement[0].GetProperty("data").GetProperty("url").GetString()!;
        string records = TestHandler.Fixture("azure-activity/records-administrative.json");
        int recordCount = JsonDocument.Parse(records).RootElement.GetProperty("records").GetArrayLength();
        using var handler = new TestHandler(logBlobs: new MemoryLogBlobs(new() { [new Uri(url).ToString()] = records }));

        var response = TestHandler.Invoke(handler.EventGrid.Invoke, TestHandler.EventGridInvocation(blobCreated, asString: false));

        response.StatusCode.Should().Be(200);
        var stored = handler.StoredEvents();
        stored.Should().HaveCount(recordCount);
        stored.Should().OnlyContain(e => e.GetProperty("metadata").GetProperty("log_provider").GetString() != "Azure Event Grid", "the log records are stored, not the BlobCreated notice");
        response.Logs[0].Should().Contain("1 log blobs read");
    }

    [Fact]
    public void Diagnostic_log_blob_that_may_not_be_read_quarantines_the_event()
    {
        using var handler = new TestHandler(logBlobs: new MemoryLogBlobs([]));

        var response = TestHandler.Invoke(handler.EventGrid.Invoke, TestHandler.EventGridInvocation(TestHandler.Fixture("eventgrid/storage-blob-created.json"), asString: false));

        response.StatusCode.Should().Be(200);
        handler.StoredEvents().Should().BeEmpty();
        handler.StoredEvents(EvidenceKeys.QuarantinePrefix).Should().ContainSingle()
            .Which.GetProperty("reason").GetString().Should().Be("diagnostic-log blob not read: not an allowed source account");
    }
}
