using System.Text.Json;
using System.Text.Json.Nodes;
using TrailNormalizer.Azure.Functions;
using TrailNormalizer.Azure.Tests.Handler;

namespace TrailNormalizer.Azure.Tests.EndToEnd;

/// <summary>
/// Both Event Grid deliveries, end to end through the published handler, with the settings the Bicep deploys: the
/// request Event Grid sends (path, headers, batch) passes the Functions host's checks as the published function.json
/// files configure them (<see cref="FunctionsHost"/>), and the handler answers the handshake and stores the batch.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class DeliverySettingsTests
{
    private static readonly Uri AppHost = new("https://trailnorm-func-abc123.azurewebsites.net");

    [Fact]
    public void WebHook_validation_handshake_passes_the_host_and_is_answered_with_and_without_the_key_header()
    {
        using var handler = new EndToEndHandler();
        var host = new FunctionsHost(handler.Process, AppDirectory);
        string validation = TestHandler.Fixture("eventgrid/subscription-validation.json");

        var withKey = host.Send("POST", WebhookUrl, EventGridHeaders("SubscriptionValidation", withKey: true), validation);
        var withoutKey = host.Send("POST", WebhookUrl, EventGridHeaders("SubscriptionValidation", withKey: false), validation);

        foreach (var answer in new[] { withKey, withoutKey })
        {
            answer.ReachedHandler.Should().BeTrue("authLevel anonymous lets Event Grid's request through the host");
            answer.Status.Should().Be(200, answer.Body);
            JsonDocument.Parse(answer.Body).RootElement.GetProperty("validationResponse").GetString().Should().Be("949f7491-3b56-4de6-aba7-8c5780b96932");
        }

        handler.Container.GetBlobs().Should().BeEmpty();
    }

    [Fact]
    public void A_full_WebHook_batch_is_stored_in_one_request()
    {
        using var handler = new EndToEndHandler();
        var host = new FunctionsHost(handler.Process, AppDirectory);
        var (batch, ids) = Batch(BicepDelivery.WebhookBatchSize);
        batch.Length.Should().BeLessThan(1024 * 1024, "Event Grid's preferred batch size is 1 MB");

        var answer = host.Send("POST", WebhookUrl, EventGridHeaders("Notification", withKey: true), batch);

        answer.Status.Should().Be(200, answer.Body + handler.Process.Output);
        handler.StoredUids().Should().BeEquivalentTo(ids);
    }

    [Fact]
    public void A_WebHook_batch_without_the_key_reaches_the_handler_and_is_refused()
    {
        using var handler = new EndToEndHandler();
        var host = new FunctionsHost(handler.Process, AppDirectory);
        var (batch, _) = Batch(3);

        var answer = host.Send("POST", WebhookUrl, EventGridHeaders("Notification", withKey: false), batch);

        answer.ReachedHandler.Should().BeTrue();
        answer.Status.Should().Be(401);
        handler.Container.GetBlobs().Should().BeEmpty();
    }

    [Fact]
    public void With_function_level_auth_the_host_would_refuse_Event_Grid_before_the_handler()
    {
        using var handler = new EndToEndHandler();
        var host = new FunctionsHost(handler.Process, AppDirectory);
        host.AuthLevelOverrides["Webhook"] = "function";

        var answer = host.Send("POST", WebhookUrl, EventGridHeaders("SubscriptionValidation", withKey: true), TestHandler.Fixture("eventgrid/subscription-validation.json"));

        answer.Status.Should().Be(401);
        answer.ReachedHandler.Should().BeFalse("Event Grid sends no code= or x-functions-key, so the validation handshake would fail");
    }

    [Fact]
    public void AzureFunction_delivery_reaches_the_EventGrid_trigger_one_event_per_invocation()
    {
        using var handler = new EndToEndHandler();
        var function = JsonNode.Parse(File.ReadAllText(Path.Combine(AppDirectory, BicepDelivery.AzureFunctionName, "function.json")))!["bindings"]![0]!;
        function["type"]!.ToString().Should().Be("eventGridTrigger");
        function["name"]!.ToString().Should().Be(EventGridFunction.Binding);
        var (batch, ids) = Batch(5);

        foreach (var item in JsonDocument.Parse(batch).RootElement.EnumerateArray())
        {
            var (status, body) = handler.Process.Invoke(BicepDelivery.AzureFunctionName, TestHandler.EventGridInvocation(item.GetRawText(), asString: false));
            status.Should().Be(200, body);
        }

        handler.StoredUids().Should().BeEquivalentTo(ids);
    }

    private static string AppDirectory => Path.GetDirectoryName(HandlerProcess.BinaryPath)!;

    private static Uri WebhookUrl => new(AppHost, BicepDelivery.WebhookPath);

    /// <summary>The headers Event Grid sends to a WebHook endpoint, plus the static delivery attribute when it is sent.</summary>
    private static List<(string, string)> EventGridHeaders(string eventType, bool withKey)
    {
        var headers = new List<(string, string)>
        {
            ("Content-Type", "application/json; charset=utf-8"),
            ("aeg-event-type", eventType),
            ("aeg-subscription-name", "TRAILNORMALIZER-RESOURCE-EVENTS"),
            ("aeg-delivery-count", "0"),
            ("aeg-data-version", ""),
            ("aeg-metadata-version", "1"),
        };
        if (withKey)
        {
            headers.Add((BicepDelivery.KeyHeader, EndToEndHandler.WebhookKey));
        }

        BicepDelivery.KeyHeader.Should().Be(WebhookFunction.KeyHeader, "the Bicep's delivery attribute is the header the handler checks");
        return headers;
    }

    /// <summary><paramref name="count"/> resource-write events, each with its own id, as one EventGridEvent array.</summary>
    private static (string Batch, List<string> Ids) Batch(int count)
    {
        var template = JsonNode.Parse(TestHandler.Fixture("eventgrid/resources-write-success.json"))!.AsArray()[0]!;
        var events = new JsonArray();
        var ids = new List<string>();
        for (int i = 0; i < count; i++)
        {
            var item = template.DeepClone();
            string id = Guid.NewGuid().ToString();
            item["id"] = id;
            ids.Add(id);
            events.Add(item);
        }

        return (events.ToJsonString(), ids);
    }
}
