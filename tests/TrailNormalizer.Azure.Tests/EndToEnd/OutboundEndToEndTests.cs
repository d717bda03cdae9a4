using System.Globalization;
using System.Net;
using System.Text;
using TrailNormalizer.Azure.Findings;
using TrailNormalizer.Azure.Tests.Forwarding;
using TrailNormalizer.Azure.Tests.Handler;
using TrailNormalizer.Core.Evidence.Checkpoints;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Azure.Tests.EndToEnd;

/// <summary>
/// The published handler with every outbound path on: a witness container in Azurite, and loopback services in the
/// Logs Ingestion and Event Grid wire shapes. Tokens come from a loopback managed-identity endpoint in the App Service
/// protocol (IDENTITY_ENDPOINT / IDENTITY_HEADER), as on a Function App, so the real credential code path runs.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class OutboundEndToEndTests : IDisposable
{
    private const string IdentityHeader = "e2e-identity-header";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "trailnorm-e2e-outbound", Guid.NewGuid().ToString("N"));
    private readonly List<string> _tokenResources = [];
    private readonly LoopbackHttpServer _identity;
    private readonly FakeIngestionService _logs = new(204);
    private readonly FakeIngestionService _topic = new(200);

    public OutboundEndToEndTests()
    {
        _identity = new LoopbackHttpServer(IssueToken);
        Directory.CreateDirectory(_root);
    }

    public void Dispose()
    {
        _identity.Dispose();
        _logs.Dispose();
        _topic.Dispose();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void Sealed_events_reach_Log_Analytics_findings_reach_the_topic_and_checkpoints_reach_the_witness()
    {
        var evidence = Azurite.NewContainer("evidence");
        var witness = Azurite.NewContainer("witness");
        string keyFile = Path.Combine(_root, "key.pem");
        File.WriteAllText(keyFile, LocalKeySigner.Generate().PrivatePem);
        using var handler = HandlerProcess.Start(new Dictionary<string, string>
        {
            ["TRAILNORM_DEVELOPMENT_MODE"] = "true",
            ["TRAILNORM_EVIDENCE_CONNECTION_STRING"] = Azurite.ConnectionString,
            ["TRAILNORM_EVIDENCE_CONTAINER"] = evidence.Name,
            ["TRAILNORM_SIGNING_KEY_FILE"] = keyFile,
            ["TRAILNORM_LOG_ORIGIN"] = "trailnormalizer/e2e",
            ["TRAILNORM_LOGS_INGESTION_ENDPOINT"] = _logs.BaseUrl.ToString(),
            ["TRAILNORM_LOGS_DCR_IMMUTABLE_ID"] = ForwardWorld.Dcr,
            ["TRAILNORM_FINDINGS_TOPIC_ENDPOINT"] = new Uri(_topic.BaseUrl, "api/events").ToString(),
            ["TRAILNORM_WITNESS_CONNECTION_STRING"] = Azurite.ConnectionString,
            ["TRAILNORM_WITNESS_CONTAINER"] = witness.Name,
            ["IDENTITY_ENDPOINT"] = _identity.Url + "msi/token",
            ["IDENTITY_HEADER"] = IdentityHeader,
        });

        handler.Invoke("EventGrid", TestHandler.EventGridInvocation(ResourceEvents.DiagnosticSettingDeleted(1), asString: false)).Status.Should().Be(200);
        handler.Invoke("Seal", TestHandler.TimerInvocation()).Status.Should().Be(200, handler.Output);
        var forward = handler.Invoke("Forward", TestHandler.TimerInvocation());

        forward.Status.Should().Be(200, handler.Output);
        var rows = _logs.AcceptedItems();
        rows.Should().HaveCount(2, "the deleted diagnostic setting and the finding escalated from it");
        rows.Should().Contain(r => r.GetProperty("api_operation").GetString() == "Microsoft.Insights/diagnosticSettings/delete");
        _logs.Accepted.Should().OnlyContain(r => r.Authorization == "Bearer token-for-https://monitor.azure.com/" && r.ContentEncoding == "gzip"
            && r.Path == $"/dataCollectionRules/{ForwardWorld.Dcr}/streams/Custom-TrailNormalizer");
        var published = _topic.Accepted.Single();
        published.Authorization.Should().Be("Bearer token-for-https://eventgrid.azure.net");
        published.ContentType.Should().Be(EventGridPublisher.ContentType);
        published.Json.EnumerateArray().Single().GetProperty("data").GetProperty("class_uid").GetInt32().Should().Be(2004);
        witness.GetBlobClient(SealRecord.CheckpointKey(0)).DownloadContent().Value.Content.ToString()
            .Should().Be(evidence.GetBlobClient(SealRecord.CheckpointKey(0)).DownloadContent().Value.Content.ToString());
        handler.Output.Should().NotContain("token-for-", "tokens are never logged");
    }

    /// <summary>The App Service managed-identity protocol: GET ?resource=…&amp;api-version=2019-08-01 with X-IDENTITY-HEADER.</summary>
    private async Task IssueToken(HttpListenerContext context)
    {
        string resource = context.Request.QueryString["resource"] ?? "";
        bool authorized = context.Request.Headers["X-IDENTITY-HEADER"] == IdentityHeader;
        lock (_tokenResources)
        {
            _tokenResources.Add(resource);
        }

        context.Response.StatusCode = authorized ? 200 : 401;
        context.Response.ContentType = "application/json";
        string expires = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        byte[] body = Encoding.UTF8.GetBytes($$"""{"access_token":"token-for-{{resource}}","expires_on":"{{expires}}","resource":"{{resource}}","token_type":"Bearer"}""");
        await context.Response.OutputStream.WriteAsync(body);
        context.Response.Close();
    }
}
