using System.Text.Json;
using TrailNormalizer.Azure.Host;

namespace TrailNormalizer.Azure.Functions;

/// <summary>
/// The HTTP function Event Grid delivers to as a webhook (EventGridEvent arrays, CloudEvents single or batch). The
/// Functions host lets every call through (authLevel anonymous: Event Grid sends no function key); this function is
/// the gate. Events are stored only from a call carrying the configured <c>X-TrailNorm-Key</c> (constant-time
/// comparison), like the Event Grid trigger's, and a failure to store them answers 500 so Event Grid delivers them
/// again. The validation handshakes are answered with the key, and also without the header, because they store and
/// reveal nothing and Event Grid's documentation does not promise delivery attributes on the handshake; a wrong key
/// is refused everywhere, and without a configured key everything is.
/// </summary>
public sealed class WebhookFunction(HandlerServices services, EventIngest ingest)
{
    public const string Binding = "req";
    public const string Output = "res";
    public const string KeyHeader = "X-TrailNorm-Key";

    /// <summary>Event Grid batches are at most 1 MB; a little room for the envelope.</summary>
    public const int MaxBodyBytes = 2 * 1024 * 1024;

    public InvocationResponse Invoke(InvocationRequest request)
    {
        var value = request.Trigger(Binding) ?? throw new InvalidInvocationException($"the invocation has no Data.{Binding}");
        var req = HttpTriggerRequest.Read(value, MaxBodyBytes);
        string? presented = req.Header(KeyHeader);
        if (services.Settings.WebhookKey is null || (presented is not null && !WebhookKey.Matches(services.Settings.WebhookKey, presented)))
        {
            string why = services.Settings.WebhookKey is null ? "TRAILNORM_WEBHOOK_KEY is not set, so every call is refused" : $"wrong {KeyHeader}";
            return Unauthorized(req, why);
        }

        bool authenticated = presented is not null;
        return req.Method switch
        {
            "OPTIONS" => AbuseProtection(req),
            "POST" => Deliver(req, request.InvocationId, authenticated),
            _ => Answer(HttpOutput.Text(405, "method not allowed"), $"Webhook: refused method {req.Method}"),
        };
    }

    private static InvocationResponse Unauthorized(HttpTriggerRequest req, string why) =>
        Answer(HttpOutput.Text(401, "unauthorized"), $"Webhook: refused {req.Method}: {why}");

    private static InvocationResponse AbuseProtection(HttpTriggerRequest req)
    {
        string? origin = req.Header("WebHook-Request-Origin");
        if (!WebhookHandshake.IsValidOrigin(origin))
        {
            return Answer(HttpOutput.Text(400, "WebHook-Request-Origin must be a host name"), "Webhook: abuse-protection request without a valid origin");
        }

        var output = new HttpOutput(200, "", [new("WebHook-Allowed-Origin", origin!), new("WebHook-Allowed-Rate", "*")]);
        return Answer(output, $"Webhook: allowed deliveries from {origin}");
    }

    private InvocationResponse Deliver(HttpTriggerRequest req, string? invocationId, bool authenticated)
    {
        JsonDocument body;
        try
        {
            body = JsonDocument.Parse(req.Body, new JsonDocumentOptions { MaxDepth = services.Limits.MaxDepth });
        }
        catch (JsonException)
        {
            return Answer(HttpOutput.Text(400, "the body is not JSON"), "Webhook: the body is not JSON");
        }

        using (body)
        {
            if (WebhookHandshake.ValidationCode(body.RootElement) is { } code)
            {
                return Answer(HttpOutput.Json(200, WebhookHandshake.ValidationResponse(code)), "Webhook: answered the subscription validation handshake");
            }

            if (!authenticated)
            {
                return Unauthorized(req, $"events without {KeyHeader}");
            }

            try
            {
                var summary = ingest.Process(body.RootElement, $"webhook:{invocationId ?? "invocation"}");
                return Answer(HttpOutput.Text(200, "stored"), $"Webhook: {summary}");
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                services.Log.Error($"Webhook: events not stored, answering 500 so Event Grid retries: {ex.GetType().Name}: {ex.Message}");
                return Answer(HttpOutput.Text(500, "events not stored; retry"), $"Webhook: events not stored: {ex.GetType().Name}: {ex.Message}").WithStatus(500);
            }
        }
    }

    private static InvocationResponse Answer(HttpOutput output, string log) => InvocationResponse.Ok(log).WithHttp(Output, output);
}
