using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Text.Json;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Azure.Tests.Forwarding;

/// <summary>One request a fake service received: method, path and query, headers, and the body as sent and decoded.</summary>
internal sealed record ReceivedRequest(string Method, string Path, string Query, string? Authorization, string? ContentType, string? ContentEncoding, byte[] Body, byte[] Decoded)
{
    public JsonElement Json => JsonDocument.Parse(Decoded).RootElement.Clone();
}

/// <summary>
/// A loopback HTTP service in the wire shape of the Logs Ingestion API and of Event Grid publishing: it records every
/// request (gunzipping a Content-Encoding: gzip body) and answers with the next scripted status (then 204 or 200), a
/// 429 or 503 with the scripted Retry-After. Requests without a bearer token are answered 401.
/// </summary>
internal sealed class FakeIngestionService : IDisposable
{
    private readonly LoopbackHttpServer _server;
    private readonly ConcurrentQueue<(int Status, string? RetryAfter)> _script = new();

    public FakeIngestionService(int successStatus = 204)
    {
        SuccessStatus = successStatus;
        _server = new LoopbackHttpServer(Handle);
    }

    public int SuccessStatus { get; }

    public Uri BaseUrl => new(_server.Url);

    /// <summary>Every request accepted with the success status, in order.</summary>
    public List<ReceivedRequest> Accepted { get; } = [];

    /// <summary>Every request, answered however.</summary>
    public List<ReceivedRequest> All { get; } = [];

    /// <summary>The next requests are answered <paramref name="status"/> (with Retry-After when given), in order.</summary>
    public void Answer(int status, string? retryAfter = null, int times = 1)
    {
        for (int i = 0; i < times; i++)
        {
            _script.Enqueue((status, retryAfter));
        }
    }

    /// <summary>Every JSON array element the accepted requests carried, in order.</summary>
    public List<JsonElement> AcceptedItems() => Accepted.SelectMany(r => r.Json.EnumerateArray()).ToList();

    public void Dispose() => _server.Dispose();

    private async Task Handle(HttpListenerContext context)
    {
        var request = context.Request;
        using var body = new MemoryStream();
        await request.InputStream.CopyToAsync(body);
        byte[] raw = body.ToArray();
        string? encoding = request.Headers["Content-Encoding"];
        byte[] decoded = encoding == "gzip" ? Gunzip(raw) : raw;
        var received = new ReceivedRequest(request.HttpMethod, request.Url!.AbsolutePath, request.Url.Query, request.Headers["Authorization"],
            request.ContentType, encoding, raw, decoded);
        int status;
        string? retryAfter = null;
        lock (All)
        {
            All.Add(received);
            if (received.Authorization is not { } auth || !auth.StartsWith("Bearer ", StringComparison.Ordinal))
            {
                status = 401;
            }
            else if (_script.TryDequeue(out var next))
            {
                (status, retryAfter) = next;
            }
            else
            {
                status = SuccessStatus;
                Accepted.Add(received);
            }
        }

        context.Response.StatusCode = status;
        if (retryAfter is not null)
        {
            context.Response.Headers["Retry-After"] = retryAfter;
        }

        if (status >= 400)
        {
            byte[] error = """{"error":{"code":"Scripted","message":"scripted failure"}}"""u8.ToArray();
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(error);
        }

        context.Response.Close();
    }

    private static byte[] Gunzip(byte[] raw)
    {
        using var gzip = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
        using var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }
}
