using System.Text;
using System.Text.Json;
using TrailNormalizer.Azure.Functions;
using TrailNormalizer.Azure.Tests.Handler;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Azure.Tests.EndToEnd;

/// <summary>The published handler, driven over HTTP exactly as the Functions host drives it, storing into Azurite.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class EventDeliveryTests
{
    /// <summary>Event Grid samples: resource write/delete/action success and failure, Key Vault, PolicyState, Communication, CloudEvents.</summary>
    private static readonly string[] Samples =
    [
        "eventgrid/resources-write-success.json",
        "eventgrid/resources-write-failure.json",
        "eventgrid/resources-write-cancel.json",
        "eventgrid/resources-delete-success-encoded-strings.json",
        "eventgrid/resources-delete-failure.json",
        "eventgrid/resources-action-success-service-principal.json",
        "eventgrid/resources-action-failure-unknown-caller.json",
        "eventgrid/keyvault-secret-new-version.json",
        "eventgrid/keyvault-vault-access-policy-changed.json",
        "eventgrid/keyvault-expiry-notices.json",
        "eventgrid/policy-state-created-noncompliant.json",
        "eventgrid/policy-state-changed-compliant.json",
        "eventgrid/policy-state-deleted-management-group.json",
        "eventgrid/communication-sms-received.json",
        "eventgrid/communication-email-delivery-reports.json",
        "eventgrid/subscription-deleted.json",
        "eventgrid/storage-blob-deleted.json",
        "cloudevents/resources-write-success.json",
        "cloudevents/keyvault-secret-new-version.json",
        "cloudevents/policy-state-created.json",
        "cloudevents/storage-blob-created-batch.json",
    ];

    [Fact]
    public void Every_Event_Grid_sample_shape_is_stored_whatever_the_trigger_encoding()
    {
        using var handler = new EndToEndHandler();
        var expected = new List<string>();
        int n = 0;
        foreach (string sample in Samples)
        {
            string text = TestHandler.Fixture(sample);
            var events = JsonDocument.Parse(text).RootElement.EnumerateArray().ToList();
            expected.AddRange(events.Select(e => (e.TryGetProperty("id", out var id) ? id.GetString() : null)!));

            // Rotate the shapes the host may send: the array as JSON, the array as a string, each event alone as an object or as a string.
            var invocations = (n++ % 4) switch
            {
                0 => [TestHandler.EventGridInvocation(text, asString: false)],
                1 => [TestHandler.EventGridInvocation(text, asString: true)],
                2 => events.Select(e => TestHandler.EventGridInvocation(e.GetRawText(), asString: false)).ToList(),
                _ => events.Select(e => TestHandler.EventGridInvocation(e.GetRawText(), asString: true)).ToList(),
            };
            foreach (string invocation in invocations)
            {
                var (status, body) = handler.Process.Invoke("EventGrid", invocation);
                status.Should().Be(200, $"{sample}: {body}\n{handler.Process.Output}");
            }
        }

        handler.StoredUids().Should().BeEquivalentTo(expected);
        handler.Stored().Should().Contain(e => EndToEndHandler.IsDerivedFinding(e), "the Key Vault deletion sample matches a high rule and escalates");
        handler.Stored(EvidenceKeys.QuarantinePrefix).Should().BeEmpty();
        handler.Process.Output.Should().Contain(global::TrailNormalizer.Azure.Storage.WormCheck.NotWormWarning);
    }

    [Fact]
    public void The_same_delivery_again_and_to_two_instances_at_once_is_stored_once()
    {
        using var handler = new EndToEndHandler();
        using var second = HandlerProcess.Start(handler.Settings(Azurite.ConnectionString));
        string batch = TestHandler.Fixture("cloudevents/storage-blob-created-batch.json");
        var ids = JsonDocument.Parse(batch).RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList();
        string invocation = TestHandler.EventGridInvocation(batch, asString: false);

        var first = handler.Process.Invoke("EventGrid", invocation);
        var blobs = handler.Container.GetBlobs().Select(b => b.Name).Where(n => n.StartsWith(EvidenceKeys.EventsPrefix, StringComparison.Ordinal)).ToList();
        var again = new[] { handler.Process, second }.AsParallel().Select(p => p.Invoke("EventGrid", invocation)).ToList();

        first.Status.Should().Be(200, first.Body + handler.Process.Output);
        again.Should().OnlyContain(a => a.Status == 200);
        again.Should().Contain(a => a.Body.Contains("already stored by an earlier delivery", StringComparison.Ordinal));
        handler.Container.GetBlobs().Select(b => b.Name).Where(n => n.StartsWith(EvidenceKeys.EventsPrefix, StringComparison.Ordinal))
            .Should().BeEquivalentTo(blobs, "the retries met every batch the first delivery stored");
        handler.StoredUids().Should().BeEquivalentTo(ids, "every event once");
        var report = EvidenceVerifier.Verify(handler.Download());
        report.Intact.Should().BeTrue(string.Join("\n", report.Findings));
        report.DuplicateDeliveries.Should().Be(0);
    }

    [Fact]
    public void Diagnostic_log_blob_in_Azurite_is_streamed_and_every_record_stored()
    {
        using var handler = new EndToEndHandler();
        var logs = Azurite.Service.GetBlobContainerClient("insights-activity-logs");
        logs.CreateIfNotExists();
        string blobName = $"resourceId=/SUBSCRIPTIONS/00000000-0000-0000-0000-000000000001/y=2026/m=03/d=14/h=09/m=00/{Guid.NewGuid():N}/PT1H.json";
        string records = TestHandler.Fixture("azure-activity/records-administrative.json");
        int recordCount = JsonDocument.Parse(records).RootElement.GetProperty("records").GetArrayLength();
        var blob = logs.GetBlobClient(blobName);
        blob.Upload(new BinaryData(Encoding.UTF8.GetBytes(records)));
        string blobCreated = BlobCreatedEvent(blob.Uri, blobName);

        var (status, body) = handler.Process.Invoke("EventGrid", TestHandler.EventGridInvocation(blobCreated, asString: true));

        status.Should().Be(200, body + handler.Process.Output);
        body.Should().Contain("1 log blobs read");
        var stored = handler.Stored();
        stored.Should().HaveCount(recordCount);
        stored.Should().OnlyContain(e => e.GetProperty("metadata").GetProperty("log_provider").GetString() != "Azure Event Grid");
    }

    [Fact]
    public void Log_blob_on_a_host_that_is_not_allowed_is_quarantined_not_fetched()
    {
        using var handler = new EndToEndHandler();
        string blobCreated = BlobCreatedEvent(new Uri("https://attacker.example/insights-activity-logs/PT1H.json"), "PT1H.json");

        var (status, _) = handler.Process.Invoke("EventGrid", TestHandler.EventGridInvocation(blobCreated, asString: false));

        status.Should().Be(200);
        handler.Stored().Should().BeEmpty();
        handler.Stored(EvidenceKeys.QuarantinePrefix).Should().ContainSingle()
            .Which.GetProperty("reason").GetString().Should().StartWith("diagnostic-log blob not read");
    }

    [Fact]
    public void Webhook_handshakes_are_answered_and_unauthenticated_calls_refused()
    {
        using var handler = new EndToEndHandler();
        var key = (WebhookFunction.KeyHeader, EndToEndHandler.WebhookKey);

        var validation = Res(handler.Process.Invoke("Webhook", TestHandler.HttpInvocation("POST", TestHandler.Fixture("eventgrid/subscription-validation.json"), key)));
        var options = Res(handler.Process.Invoke("Webhook", TestHandler.HttpInvocation("OPTIONS", null, ("WebHook-Request-Origin", "eventgrid.azure.net"), key)));
        var unauthenticated = Res(handler.Process.Invoke("Webhook", TestHandler.HttpInvocation("POST", TestHandler.Fixture("eventgrid/resources-write-success.json"))));
        var wrongKey = Res(handler.Process.Invoke("Webhook", TestHandler.HttpInvocation("POST", TestHandler.Fixture("eventgrid/resources-write-success.json"), (WebhookFunction.KeyHeader, "guess"))));

        validation.GetProperty("statusCode").GetInt32().Should().Be(200);
        JsonDocument.Parse(validation.GetProperty("body").GetString()!).RootElement.GetProperty("validationResponse").GetString()
            .Should().Be("949f7491-3b56-4de6-aba7-8c5780b96932");
        options.GetProperty("statusCode").GetInt32().Should().Be(200);
        options.GetProperty("headers").GetProperty("WebHook-Allowed-Origin").GetString().Should().Be("eventgrid.azure.net");
        unauthenticated.GetProperty("statusCode").GetInt32().Should().Be(401);
        wrongKey.GetProperty("statusCode").GetInt32().Should().Be(401);
        handler.Container.GetBlobs().Should().BeEmpty("nothing may be stored for refused calls or handshakes");
    }

    [Fact]
    public void Webhook_stores_a_CloudEvents_batch()
    {
        using var handler = new EndToEndHandler();
        string batch = TestHandler.Fixture("cloudevents/storage-blob-created-batch.json");
        var ids = JsonDocument.Parse(batch).RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()).ToList();

        var res = Res(handler.Process.Invoke("Webhook", TestHandler.HttpInvocation("POST", batch, (WebhookFunction.KeyHeader, EndToEndHandler.WebhookKey))));

        res.GetProperty("statusCode").GetInt32().Should().Be(200);
        handler.StoredUids().Should().BeEquivalentTo(ids);
    }

    [Fact]
    public void A_batched_delivery_with_a_poisoned_event_stores_every_event_once_and_succeeds()
    {
        using var handler = new EndToEndHandler();
        string deep = string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100);
        string batch = "[" + string.Join(",",
            ResourceWrite("eg-good-1", "\"data\":{"),
            ResourceWrite("eg-poisoned", "\"subject\":\"/subscriptions/x\\udc00\",\"data\":{"),
            ResourceWrite("eg-deep", "\"data\":{\"deep\":" + deep + ","),
            ResourceWrite("eg-good-2", "\"data\":{")) + "]";

        var webhook = Res(handler.Process.Invoke("Webhook", TestHandler.HttpInvocation("POST", batch, (WebhookFunction.KeyHeader, EndToEndHandler.WebhookKey))));
        var (status, body) = handler.Process.Invoke("EventGrid", TestHandler.EventGridInvocation(
            "[" + ResourceWrite("eg-good-3", "\"data\":{") + "," + ResourceWrite("eg-poisoned-2", "\"subject\":\"/subscriptions/\\ud800\",\"data\":{") + "]", asString: true));

        webhook.GetProperty("statusCode").GetInt32().Should().Be(200, "a bad event is quarantined, not retried until Event Grid dead-letters the batch");
        status.Should().Be(200, body + handler.Process.Output);
        handler.StoredUids().Should().BeEquivalentTo(["eg-good-1", "eg-deep", "eg-good-2", "eg-good-3"], "each event is stored once");
        var quarantine = handler.Stored(EvidenceKeys.QuarantinePrefix);
        quarantine.Should().HaveCount(2);
        quarantine.Select(q => q.GetProperty("reason").GetString()).Should().OnlyContain(r => r!.Contains("lone UTF-16 surrogate"));
        EvidenceVerifier.Verify(handler.Download()).Intact.Should().BeTrue();
    }

    /// <summary>The resource-write sample with its own id; <paramref name="dataOpening"/> replaces <c>"data":{</c> to inject a field.</summary>
    private static string ResourceWrite(string id, string dataOpening)
    {
        var sample = System.Text.Json.Nodes.JsonNode.Parse(TestHandler.Fixture("eventgrid/resources-write-success.json"))!.AsArray()[0]!;
        sample["id"] = id;
        string text = sample.ToJsonString();
        text.Should().Contain("\"data\":{");
        return text.Replace("\"data\":{", dataOpening, StringComparison.Ordinal);
    }

    [Fact]
    public void Seal_writes_a_checkpoint_that_verifies_with_the_public_key()
    {
        using var handler = new EndToEndHandler();
        handler.Process.Invoke("EventGrid", TestHandler.EventGridInvocation(TestHandler.Fixture("eventgrid/resources-write-success.json"), asString: true)).Status.Should().Be(200);
        handler.Process.Invoke("EventGrid", TestHandler.EventGridInvocation(TestHandler.Fixture("cloudevents/storage-blob-created-batch.json"), asString: false)).Status.Should().Be(200);

        var (status, body) = handler.Process.Invoke("Seal", """{"Data":{"timer":{"Schedule":{"AdjustForDST":true},"ScheduleStatus":null,"IsPastDue":false}},"Metadata":{}}""");

        status.Should().Be(200, body + handler.Process.Output);
        body.Should().Contain("checkpoint 0");
        handler.Process.Output.Should().Contain("LOCAL key file (development mode)");
        var evidence = handler.Download();
        var report = EvidenceVerifier.Verify(evidence, handler.PublicKeySpki);
        report.Findings.Should().BeEmpty();
        var cli = TrailnormVerify.Run(evidence.Root, handler.PublicKeySpki);
        cli.ExitCode.Should().Be(0, cli.Output);
        report.Intact.Should().BeTrue();
        report.Checkpoints.Should().Be(1);
        report.Events.Should().Be(1 + JsonDocument.Parse(TestHandler.Fixture("cloudevents/storage-blob-created-batch.json")).RootElement.GetArrayLength());
    }

    private static JsonElement Res((int Status, string Body) answer)
    {
        answer.Status.Should().Be(200, answer.Body);
        return JsonDocument.Parse(answer.Body).RootElement.GetProperty("Outputs").GetProperty(WebhookFunction.Output).Clone();
    }

    private static string BlobCreatedEvent(Uri url, string blobName)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("topic", "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-logs/providers/Microsoft.Storage/storageAccounts/stlogs");
            w.WriteString("subject", $"/blobServices/default/containers/insights-activity-logs/blobs/{blobName}");
            w.WriteString("eventType", "Microsoft.Storage.BlobCreated");
            w.WriteString("eventTime", "2026-03-14T10:05:00Z");
            w.WriteString("id", Guid.NewGuid().ToString());
            w.WriteStartObject("data");
            w.WriteString("api", "PutBlockList");
            w.WriteString("blobType", "BlockBlob");
            w.WriteString("url", url.ToString());
            w.WriteEndObject();
            w.WriteString("dataVersion", "");
            w.WriteString("metadataVersion", "1");
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
