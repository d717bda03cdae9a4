using System.Text.Json;
using TrailNormalizer.Azure.Functions;
using TrailNormalizer.Azure.Host;

namespace TrailNormalizer.Azure.Tests.Handler;

public sealed class WebhookFunctionTests
{
    private static readonly (string, string) Key = (WebhookFunction.KeyHeader, "secret-key");

    [Fact]
    public void Call_without_the_key_is_refused_with_401_and_nothing_is_stored()
    {
        using var handler = new TestHandler();
        string events = TestHandler.Fixture("eventgrid/resources-write-success.json");

        var response = TestHandler.Invoke(handler.Webhook.Invoke, TestHandler.HttpInvocation("POST", events));

        Res(response).StatusCode.Should().Be(401);
        handler.LocalStore.List("").Should().BeEmpty();
    }

    [Fact]
    public void Call_with_a_wrong_key_is_refused_with_401()
    {
        using var handler = new TestHandler();

        var response = TestHandler.Invoke(handler.Webhook.Invoke,
            TestHandler.HttpInvocation("POST", TestHandler.Fixture("eventgrid/subscription-validation.json"), (WebhookFunction.KeyHeader, "secret-kez")));

        Res(response).StatusCode.Should().Be(401);
        Res(response).Body.Should().NotContain("validationResponse");
    }

    [Fact]
    public void Without_a_configured_key_every_call_is_refused()
    {
        using var handler = new TestHandler(webhookKey: null);

        var response = TestHandler.Invoke(handler.Webhook.Invoke, TestHandler.HttpInvocation("OPTIONS", null, ("WebHook-Request-Origin", "eventgrid.azure.net"), (WebhookFunction.KeyHeader, "")));

        Res(response).StatusCode.Should().Be(401);
        response.Logs.Should().ContainSingle().Which.Should().Contain("TRAILNORM_WEBHOOK_KEY is not set");
    }

    [Fact]
    public void Handshakes_without_the_key_header_are_answered_because_they_store_nothing()
    {
        using var handler = new TestHandler();

        var validation = TestHandler.Invoke(handler.Webhook.Invoke, TestHandler.HttpInvocation("POST", TestHandler.Fixture("eventgrid/subscription-validation.json")));
        var options = TestHandler.Invoke(handler.Webhook.Invoke, TestHandler.HttpInvocation("OPTIONS", null, ("WebHook-Request-Origin", "eventgrid.azure.net")));

        Res(validation).StatusCode.Should().Be(200);
        Res(validation).Body.Should().Contain("949f7491-3b56-4de6-aba7-8c5780b96932");
        Res(options).StatusCode.Should().Be(200);
        handler.LocalStore.List("").Should().BeEmpty();
    }

    [Fact]
    public void Subscription_validation_event_is_answered_with_its_code()
    {
        using var handler = new TestHandler();

        var response = TestHandler.Invoke(handler.Webhook.Invoke, TestHandler.HttpInvocation("POST", TestHandler.Fixture("eventgrid/subscription-validation.json"), Key));

        Res(response).StatusCode.Should().Be(200);
        using var body = JsonDocument.Parse(Res(response).Body);
        body.RootElement.GetProperty("validationResponse").GetString().Should().Be("949f7491-3b56-4de6-aba7-8c5780b96932");
        handler.LocalStore.List("").Should().BeEmpty();
    }

    [Fact]
    public void CloudEvents_abuse_protection_allows_the_origin()
    {
        using var handler = new TestHandler();

        var response = TestHandler.Invoke(handler.Webhook.Invoke, TestHandler.HttpInvocation("OPTIONS", null, ("WebHook-Request-Origin", "eventgrid.azure.net"), Key));

        Res(response).StatusCode.Should().Be(200);
        Res(response).Headers.Should().Contain(new KeyValuePair<string, string>("WebHook-Allowed-Origin", "eventgrid.azure.net"));
        Res(response).Headers.Should().Contain(new KeyValuePair<string, string>("WebHook-Allowed-Rate", "*"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("evil.example\r\nSet-Cookie: a=b")]
    [InlineData("https://eventgrid.azure.net/")]
    [InlineData("localhost")]
    public void Abuse_protection_with_an_origin_that_is_not_a_host_name_is_refused(string origin)
    {
        using var handler = new TestHandler();

        var response = TestHandler.Invoke(handler.Webhook.Invoke, TestHandler.HttpInvocation("OPTIONS", null, ("WebHook-Request-Origin", origin), Key));

        Res(response).StatusCode.Should().Be(400);
        Res(response).Headers.Should().NotContain(h => h.Key == "WebHook-Allowed-Origin");
    }

    [Fact]
    public void Posted_events_are_stored_as_evidence()
    {
        using var handler = new TestHandler();

        var response = TestHandler.Invoke(handler.Webhook.Invoke, TestHandler.HttpInvocation("POST", TestHandler.Fixture("cloudevents/storage-blob-created-batch.json"), Key));

        Res(response).StatusCode.Should().Be(200);
        response.StatusCode.Should().Be(200);
        var stored = handler.StoredEvents();
        stored.Select(e => e.GetProperty("metadata").GetProperty("uid").GetString()).Should().Contain(["12a52bbe-f194-4eb9-83bc-1b4bd2382c9b", "ae73f084-403c-4bc0-a593-457f59f687b3"]);
        stored.Should().OnlyContain(e => e.GetProperty("metadata").GetProperty("log_provider").GetString() == "Azure Event Grid");
    }

    [Fact]
    public void Events_that_cannot_be_stored_answer_500_so_Event_Grid_retries()
    {
        using var handler = new TestHandler(store: new FailingStore());

        var response = TestHandler.Invoke(handler.Webhook.Invoke, TestHandler.HttpInvocation("POST", TestHandler.Fixture("eventgrid/resources-write-success.json"), Key));

        Res(response).StatusCode.Should().Be(500);
        response.StatusCode.Should().Be(500);
    }

    [Fact]
    public void A_body_that_is_not_json_is_a_bad_request()
    {
        using var handler = new TestHandler();

        var response = TestHandler.Invoke(handler.Webhook.Invoke, TestHandler.HttpInvocation("POST", "{nope", Key));

        Res(response).StatusCode.Should().Be(400);
    }

    [Fact]
    public void Other_methods_are_refused()
    {
        using var handler = new TestHandler();

        var response = TestHandler.Invoke(handler.Webhook.Invoke, TestHandler.HttpInvocation("GET", null, Key));

        Res(response).StatusCode.Should().Be(405);
    }

    [Theory]
    [InlineData(null, "x", false)]
    [InlineData("", "", false)]
    [InlineData("key", null, false)]
    [InlineData("key", "KEY", false)]
    [InlineData("key", "key ", false)]
    [InlineData("key", "key", true)]
    public void Key_comparison(string? configured, string? presented, bool expected) =>
        WebhookKey.Matches(configured, presented).Should().Be(expected);

    private static HttpOutput Res(InvocationResponse response) => response.HttpOutputs[WebhookFunction.Output];

    [Fact]
    public void A_high_level_match_is_stored_as_a_detection_finding_beside_its_event()
    {
        using var handler = new TestHandler();
        string deleted = "[" + TestHandler.Fixture("rules/azure_eventgrid_logging_resource_deleted/match-1.json") + "]";

        var response = TestHandler.Invoke(handler.Webhook.Invoke, TestHandler.HttpInvocation("POST", deleted, Key));

        Res(response).StatusCode.Should().Be(200);
        var stored = handler.StoredEvents();
        stored.Should().HaveCount(2);
        var ev = stored.Single(e => e.GetProperty("class_uid").GetInt32() != 2004);
        var finding = stored.Single(e => e.GetProperty("class_uid").GetInt32() == 2004);
        finding.GetProperty("finding_info").GetProperty("related_events")[0].GetProperty("uid").GetString()
            .Should().Be(ev.GetProperty("metadata").GetProperty("uid").GetString());
        finding.GetProperty("finding_info").GetProperty("types")[0].GetString().Should().Be("logging-tamper");
    }
}
