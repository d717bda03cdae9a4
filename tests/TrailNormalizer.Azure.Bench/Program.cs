using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using TrailNormalizer.Azure.Tests.EndToEnd;

// Usage: TrailNormalizer.Azure.Bench [--runs N] [--big-mb M]   (needs TRAILNORM_AZURE_HANDLER and TRAILNORM_AZURITE_CONNECTION_STRING)
int runs = Option("--runs", 20);
int bigMb = Option("--big-mb", 200);
var inv = CultureInfo.InvariantCulture;

var container = Azurite.NewContainer("bench");
var settings = new Dictionary<string, string>
{
    ["TRAILNORM_DEVELOPMENT_MODE"] = "true",
    ["TRAILNORM_EVIDENCE_CONNECTION_STRING"] = Azurite.ConnectionString,
    ["TRAILNORM_EVIDENCE_CONTAINER"] = container.Name,
    ["TRAILNORM_SOURCE_ACCOUNTS"] = Azurite.Host,
    ["TRAILNORM_SOURCE_CONNECTION_STRING"] = Azurite.ConnectionString,
    ["TRAILNORM_WEBHOOK_KEY"] = "bench",
};
try
{
    Console.WriteLine(string.Create(inv, $"binary size: {new FileInfo(HandlerProcess.BinaryPath).Length / 1024.0 / 1024.0:F1} MiB ({HandlerProcess.BinaryPath})"));

    var startups = new List<double>();
    for (int i = 0; i < runs; i++)
    {
        var clock = Stopwatch.StartNew();
        using var handler = HandlerProcess.Launch(settings);
        while (true)
        {
            try
            {
                var (status, body) = handler.Invoke("EventGrid", Invocation(Batch(1)));
                if (status != 200)
                {
                    throw new InvalidOperationException($"first invocation answered {status}: {body}\n{handler.Output}");
                }

                break;
            }
            catch (HttpRequestException)
            {
                Thread.Sleep(1); // not listening yet
            }
        }

        startups.Add(clock.Elapsed.TotalMilliseconds);
    }

    Console.WriteLine(string.Create(inv, $"process start -> first answered invocation (1 event stored): median {Median(startups):F1} ms, min {startups.Min():F1}, max {startups.Max():F1} (n={runs})"));

    using (var handler = HandlerProcess.Start(settings))
    {
        for (int i = 0; i < 3; i++)
        {
            handler.Invoke("EventGrid", Invocation(Batch(10)));
        }

        var batches = new List<double>();
        for (int i = 0; i < runs; i++)
        {
            string invocation = Invocation(Batch(10));
            var clock = Stopwatch.StartNew();
            var (status, _) = handler.Invoke("EventGrid", invocation);
            batches.Add(clock.Elapsed.TotalMilliseconds);
            if (status != 200)
            {
                throw new InvalidOperationException($"batch answered {status}");
            }
        }

        Console.WriteLine(string.Create(inv, $"Event Grid batch of 10 events, end to end into Azurite (warm): median {Median(batches):F1} ms, min {batches.Min():F1}, max {batches.Max():F1} (n={runs})"));
    }

    var logs = Azurite.Service.GetBlobContainerClient("insights-activity-logs");
    logs.CreateIfNotExists();
    var blob = logs.GetBlobClient($"resourceId=/SUBSCRIPTIONS/BENCH/y=2026/m=03/d=14/h=09/m=00/{Guid.NewGuid():N}/PT1H.json");
    string file = Path.Combine(Path.GetTempPath(), $"trailnorm-bench-{Guid.NewGuid():N}.json");
    try
    {
        long records = WriteActivityLog(file, bigMb * 1024L * 1024L);
        blob.Upload(file);
        using var handler = HandlerProcess.Start(settings);
        var clock = Stopwatch.StartNew();
        var (status, body) = handler.Invoke("EventGrid", Invocation(BlobCreated(blob)));
        double seconds = clock.Elapsed.TotalSeconds;
        if (status != 200)
        {
            throw new InvalidOperationException($"log blob answered {status}: {body}\n{handler.Output}");
        }

        string hwm = File.ReadLines($"/proc/{handler.ProcessId}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        Console.WriteLine(string.Create(inv, $"{bigMb} MB diagnostic-log blob ({records} records) streamed from Azurite: {seconds:F1} s, peak RSS {hwm["VmHWM:".Length..].Trim()}"));
        Console.WriteLine($"  handler: {JsonDocument.Parse(body).RootElement.GetProperty("Logs")[0].GetString()}");
    }
    finally
    {
        File.Delete(file);
        blob.DeleteIfExists();
    }
}
finally
{
    container.DeleteIfExists();
}

return 0;

int Option(string name, int fallback)
{
    int at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

static string Invocation(string eventsJson)
{
    using var buffer = new MemoryStream();
    using (var w = new Utf8JsonWriter(buffer))
    {
        w.WriteStartObject();
        w.WriteStartObject("Data");
        w.WriteString("eventGridEvent", eventsJson);
        w.WriteEndObject();
        w.WriteStartObject("Metadata");
        w.WriteEndObject();
        w.WriteEndObject();
    }

    return Encoding.UTF8.GetString(buffer.ToArray());
}

static string Batch(int count) => "[" + string.Join(",", Enumerable.Range(0, count).Select(i => string.Create(CultureInfo.InvariantCulture, $$"""
    {"topic":"/subscriptions/00000000-0000-0000-0000-000000000001","subject":"/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st{{i}}",
     "eventType":"Microsoft.Resources.ResourceWriteSuccess","eventTime":"2026-03-14T10:00:{{i % 60:D2}}Z","id":"{{Guid.NewGuid()}}",
     "data":{"operationName":"Microsoft.Storage/storageAccounts/write","status":"Succeeded","subscriptionId":"00000000-0000-0000-0000-000000000001","claims":{"name":"alice@example.com"},"resourceUri":"/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st{{i}}"},
     "dataVersion":"","metadataVersion":"1"}
    """))) + "]";

static string BlobCreated(BlobClient blob) => string.Create(CultureInfo.InvariantCulture, $$"""
    [{"topic":"/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-logs/providers/Microsoft.Storage/storageAccounts/stlogs",
      "subject":"/blobServices/default/containers/insights-activity-logs/blobs/{{blob.Name}}","eventType":"Microsoft.Storage.BlobCreated",
      "eventTime":"2026-03-14T10:05:00Z","id":"{{Guid.NewGuid()}}","data":{"api":"PutBlockList","blobType":"BlockBlob","url":"{{blob.Uri}}"},
      "dataVersion":"","metadataVersion":"1"}]
    """);

// An Activity Log blob of about `bytes` bytes: {"records":[...]} with varied administrative records.
static long WriteActivityLog(string path, long bytes)
{
    using var stream = new BufferedStream(File.Create(path), 1 << 20);
    using var w = new Utf8JsonWriter(stream);
    w.WriteStartObject();
    w.WriteStartArray("records");
    long count = 0;
    var start = new DateTime(2026, 3, 14, 9, 0, 0, DateTimeKind.Utc);
    while (w.BytesCommitted + w.BytesPending < bytes)
    {
        string scope = string.Create(CultureInfo.InvariantCulture, $"/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-{count % 17}/providers/Microsoft.Network/networkSecurityGroups/nsg-{count % 101}");
        w.WriteStartObject();
        w.WriteString("time", start.AddMilliseconds(count * 25).ToString("O", CultureInfo.InvariantCulture));
        w.WriteString("resourceId", scope);
        w.WriteString("operationName", count % 3 == 0 ? "Microsoft.Network/networkSecurityGroups/delete" : "Microsoft.Network/networkSecurityGroups/write");
        w.WriteString("category", "Administrative");
        w.WriteString("resultType", count % 2 == 0 ? "Start" : "Success");
        w.WriteString("resultSignature", "Started.");
        w.WriteNumber("durationMs", count % 900);
        w.WriteString("callerIpAddress", string.Create(CultureInfo.InvariantCulture, $"192.0.2.{count % 250}"));
        w.WriteString("correlationId", Guid.NewGuid().ToString());
        w.WriteStartObject("identity");
        w.WriteStartObject("authorization");
        w.WriteString("scope", scope);
        w.WriteString("action", "Microsoft.Network/networkSecurityGroups/write");
        w.WriteEndObject();
        w.WriteStartObject("claims");
        w.WriteString("http://schemas.microsoft.com/identity/claims/objectidentifier", "00000000-0000-0000-0000-0000000000b1");
        w.WriteString("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn", string.Create(CultureInfo.InvariantCulture, $"operator{count % 40}@example.com"));
        w.WriteString("name", "Olive Operator");
        w.WriteString("ipaddr", "192.0.2.10");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteString("level", "Information");
        w.WriteString("location", "westeurope");
        w.WriteStartObject("properties");
        w.WriteString("statusCode", "Created");
        w.WriteString("serviceRequestId", Guid.NewGuid().ToString());
        w.WriteEndObject();
        w.WriteEndObject();
        count++;
        if (w.BytesPending > 1 << 16)
        {
            w.Flush();
        }
    }

    w.WriteEndArray();
    w.WriteEndObject();
    return count;
}
