using System.Text;
using System.Text.Json;
using TrailNormalizer.Azure.Configuration;
using TrailNormalizer.Azure.Functions;
using TrailNormalizer.Azure.Host;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Evidence.Checkpoints;
using TrailNormalizer.Core.Rules;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Azure.Tests.Handler;

/// <summary>Handler services over a temporary local store, and helpers to build invocations the way the host does.</summary>
internal sealed class TestHandler : IDisposable
{
    private static readonly Lazy<SigmaRuleSet> Rules = new(BuiltInRules.Load);

    public TestHandler(string? webhookKey = "secret-key", IEvidenceStore? store = null, ILogBlobSource? logBlobs = null, TimeProvider? time = null)
    {
        Directory.CreateDirectory(Root);
        LocalStore = new LocalEvidenceStore(Path.Combine(Root, "evidence"));
        Log = new StringWriter();
        Services = new HandlerServices
        {
            Settings = new HandlerSettings { Port = 1, WebhookKey = webhookKey, LogOrigin = "trailnormalizer/test", DevelopmentMode = true },
            Store = store ?? LocalStore,
            LogBlobs = logBlobs,
            Rules = Rules.Value,
            SignerFactory = () => Signer,
            Log = new HandlerLog(Log),
            Time = time ?? TimeProvider.System,
        };
        var ingest = new EventIngest(Services);
        EventGrid = new EventGridFunction(ingest);
        Webhook = new WebhookFunction(Services, ingest);
        Seal = new SealFunction(Services);
        Follow = new FollowFunction(Services);
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "trailnorm-handler-tests", Guid.NewGuid().ToString("N"));

    public LocalEvidenceStore LocalStore { get; }

    public StringWriter Log { get; }

    public HandlerServices Services { get; }

    public EventGridFunction EventGrid { get; }

    public WebhookFunction Webhook { get; }

    public SealFunction Seal { get; }

    public FollowFunction Follow { get; }

    public LocalKeySigner Signer { get; } = CreateSigner();

    /// <summary>The events stored so far, parsed.</summary>
    public List<JsonElement> StoredEvents(string prefix = EvidenceKeys.EventsPrefix)
    {
        using var lines = new MemoryStream();
        EvidenceReader.CopyLines(Services.Store is MemoryEvidenceStore memory ? memory : LocalStore, prefix, lines);
        return Encoding.UTF8.GetString(lines.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
    }

    /// <summary>Runs a function the way the endpoint does, on an invocation payload.</summary>
    public static InvocationResponse Invoke(Func<InvocationRequest, InvocationResponse> function, string payload) =>
        FunctionEndpoint.Run("Test", function, Encoding.UTF8.GetBytes(payload), new HandlerLog(TextWriter.Null));

    /// <summary>An Event Grid trigger invocation; <paramref name="asString"/> sends the value JSON-encoded in a string.</summary>
    public static string EventGridInvocation(string eventsJson, bool asString)
    {
        using var value = JsonDocument.Parse(eventsJson);
        return Invocation(w =>
        {
            w.WritePropertyName(EventGridFunction.Binding);
            if (asString)
            {
                w.WriteStringValue(eventsJson);
            }
            else
            {
                value.RootElement.WriteTo(w);
            }
        });
    }

    /// <summary>A timer trigger invocation (Seal, Follow).</summary>
    public static string TimerInvocation() => Invocation(w =>
    {
        w.WriteStartObject("timer");
        w.WriteStartObject("ScheduleStatus");
        w.WriteEndObject();
        w.WriteBoolean("IsPastDue", false);
        w.WriteEndObject();
    });

    /// <summary>An HTTP trigger invocation as the host sends it with forwarding off (headers as arrays, body as a string).</summary>
    public static string HttpInvocation(string method, string? body, params (string Name, string Value)[] headers) => Invocation(w =>
        HttpTriggerJson.WriteRequest(w, WebhookFunction.Binding, "https://app.azurewebsites.net/api/webhook", method, headers, body));

    public static string Fixture(string relative) => File.ReadAllText(Path.Combine(RepoPaths.Fixtures, relative));

    public void Dispose()
    {
        Signer.Dispose();
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    private static string Invocation(Action<Utf8JsonWriter> writeData)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartObject("Data");
            writeData(w);
            w.WriteEndObject();
            w.WriteStartObject("Metadata");
            w.WriteStartObject("sys");
            w.WriteString("MethodName", "Test");
            w.WriteString("RandGuid", Guid.NewGuid().ToString());
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static LocalKeySigner CreateSigner()
    {
        string path = Path.Combine(Path.GetTempPath(), $"trailnorm-test-key-{Guid.NewGuid():N}.pem");
        File.WriteAllText(path, LocalKeySigner.Generate().PrivatePem);
        try
        {
            return LocalKeySigner.FromPemFile(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

/// <summary>A store whose writes fail, as Blob storage does when it is unreachable.</summary>
internal sealed class FailingStore : IEvidenceStore
{
    public void Put(string key, ReadOnlyMemory<byte> content, DateTimeOffset retainUntil) => throw new IOException("storage unreachable");

    public Stream OpenRead(string key) => throw new IOException("storage unreachable");

    public IEnumerable<string> List(string prefix) => throw new IOException("storage unreachable");

    public bool Exists(string key) => throw new IOException("storage unreachable");
}

/// <summary>Complete (block) log blobs served from memory by URL; unknown URLs are refused with a reason.</summary>
internal sealed class MemoryLogBlobs(Dictionary<string, string> blobs) : ILogBlobSource
{
    public LogBlobRead? OpenFrom(Uri blobUrl, long offset, long maxBytes, out string? reason)
    {
        if (blobs.TryGetValue(blobUrl.ToString(), out var text))
        {
            reason = null;
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            int length = (int)Math.Min(bytes.Length - offset, maxBytes);
            return new LogBlobRead(new MemoryStream(bytes, (int)offset, length), offset, length, bytes.Length, DateTimeOffset.UnixEpoch, growing: false);
        }

        reason = "not an allowed source account";
        return null;
    }

    public IEnumerable<LogBlobInfo> ListModifiedSince(DateTimeOffset since, DateTimeOffset now) => [];
}
