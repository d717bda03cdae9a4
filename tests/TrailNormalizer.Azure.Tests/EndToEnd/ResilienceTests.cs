using System.Text.Json;
using TrailNormalizer.Azure.Tests.Handler;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Azure.Tests.EndToEnd;

/// <summary>Storage outages and start-up refusals, with the real published handler.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class ResilienceTests
{
    [Fact]
    public void Azurite_lost_mid_invocation_fails_it_and_the_retry_stores_every_event()
    {
        using var proxy = new CuttableTcpProxy("127.0.0.1", Azurite.Port);
        using var handler = new EndToEndHandler(proxy);
        // Events in several partitions (subscriptions), so the invocation writes several batches, one request at a time.
        string batch = "[" + string.Join(",", Enumerable.Range(1, 6).Select(Event)) + "]";
        var ids = JsonDocument.Parse(batch).RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList();
        string invocation = TestHandler.EventGridInvocation(batch, asString: true);

        proxy.CutAfterBytes(6_000); // past the first batch's requests, into the middle of the invocation
        var (failedStatus, failedBody) = handler.Process.Invoke("EventGrid", invocation);
        proxy.IsCut.Should().BeTrue("the cut must happen during the invocation");
        proxy.Restore();
        var (retryStatus, retryBody) = handler.Process.Invoke("EventGrid", invocation);

        failedStatus.Should().BeOneOf([500], failedBody);
        retryStatus.Should().Be(200, retryBody + handler.Process.Output);
        var uids = handler.StoredUids();
        uids.Distinct().Should().BeEquivalentTo(ids, "every event is stored at least once, none missing");
    }

    [Fact]
    public void Outside_development_mode_the_handler_refuses_a_connection_string_store_and_writes_nothing()
    {
        // Outside development mode only the managed-identity URL is accepted, so the process cannot reach Azurite's
        // container at all; the WORM refusal of that container by the same start-up call (BlobEvidenceStore.Open)
        // is tested against Azurite in Storage/WormCheckTests.
        var container = Azurite.NewContainer("evidence");
        try
        {
            using var handler = HandlerProcess.Launch(new Dictionary<string, string>
            {
                ["TRAILNORM_EVIDENCE_CONNECTION_STRING"] = Azurite.ConnectionString,
                ["TRAILNORM_EVIDENCE_CONTAINER"] = container.Name,
                ["TRAILNORM_WEBHOOK_KEY"] = "k",
            });

            int exit = handler.WaitForExit();

            exit.Should().NotBe(0);
            handler.Output.Should().Contain("refusing to start").And.Contain("WORM");
            container.GetBlobs().Should().BeEmpty();
        }
        finally
        {
            container.DeleteIfExists();
        }
    }

    [Fact]
    public void Without_FUNCTIONS_CUSTOMHANDLER_PORT_the_handler_says_so_and_exits()
    {
        using var handler = HandlerProcess.Launch(new Dictionary<string, string> { ["TRAILNORM_DEVELOPMENT_MODE"] = "true" }, setPort: false);

        handler.WaitForExit().Should().NotBe(0);
        handler.Output.Should().Contain("FUNCTIONS_CUSTOMHANDLER_PORT is not set");
    }

    private static string Event(int i) => $$$"""
        {"topic":"/subscriptions/00000000-0000-0000-0000-00000000000{{{i}}}","subject":"/subscriptions/00000000-0000-0000-0000-00000000000{{{i}}}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st{{{i}}}",
         "eventType":"Microsoft.Resources.ResourceWriteSuccess","eventTime":"2026-03-0{{{i}}}T10:00:00Z","id":"{{{Guid.NewGuid()}}}",
         "data":{"operationName":"Microsoft.Storage/storageAccounts/write","status":"Succeeded","subscriptionId":"00000000-0000-0000-0000-00000000000{{{i}}}",
                 "resourceUri":"/subscriptions/00000000-0000-0000-0000-00000000000{{{i}}}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st{{{i}}}",
                 "claims":{"name":"alice@example.com"}},
         "dataVersion":"","metadataVersion":"1"}
        """;
}
