using TrailNormalizer.Azure.Findings;
using TrailNormalizer.Azure.Forwarding;
using TrailNormalizer.Azure.Host;
using TrailNormalizer.Azure.Tests.Handler;
using TrailNormalizer.Core.Evidence;

namespace TrailNormalizer.Azure.Tests.Forwarding;

/// <summary>A handler over an evidence store, a fake Logs Ingestion API and a fake Event Grid topic, and the Forward function wired to both.</summary>
internal sealed class ForwardWorld : IDisposable
{
    public const string Dcr = "dcr-00112233445566778899aabbccddeeff";

    public ForwardWorld(IEvidenceStore? store = null, int maxAttempts = 5, int maxBatches = 200)
    {
        Handler = new TestHandler(store: store);
        var outbound = new OutboundServices
        {
            Settings = new OutboundSettings { ForwardMaxBatches = maxBatches },
            Sinks =
            [
                new LogAnalyticsSink(new LogsIngestionClient(Posters.Recording(LogsIngestionClient.Scope, Waits, maxAttempts), Logs.BaseUrl, Dcr, "Custom-TrailNormalizer")),
                new FindingsSink(new EventGridPublisher(Posters.Recording(EventGridPublisher.Scope, Waits, maxAttempts), new Uri(Topic.BaseUrl, "api/events")), "trailnormalizer/test"),
            ],
        };
        Forward = new ForwardFunction(Handler.Services, outbound);
    }

    public TestHandler Handler { get; }

    public FakeIngestionService Logs { get; } = new(204);

    public FakeIngestionService Topic { get; } = new(200);

    public List<TimeSpan> Waits { get; } = [];

    public ForwardFunction Forward { get; }

    public IEvidenceStore Store => Handler.Services.Store;

    public void Ingest(params string[] events)
    {
        foreach (string e in events)
        {
            TestHandler.Invoke(Handler.EventGrid.Invoke, TestHandler.EventGridInvocation(e, asString: false)).StatusCode.Should().Be(200);
        }
    }

    public InvocationResponse Seal() => TestHandler.Invoke(Handler.Seal.Invoke, TestHandler.TimerInvocation());

    public InvocationResponse RunForward() => TestHandler.Invoke(Forward.Invoke, TestHandler.TimerInvocation());

    public void Dispose()
    {
        Logs.Dispose();
        Topic.Dispose();
        Handler.Dispose();
    }
}
