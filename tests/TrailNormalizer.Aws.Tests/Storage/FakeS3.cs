using System.Net;
using System.Text;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Aws.Tests.Storage;

/// <summary>
/// A loopback HTTP server standing in for S3 in wire tests: records each request (method, path, headers, body) and
/// answers with whatever <see cref="Respond"/> returns, so tests can play S3 behaviours radosgw lacks (412 on
/// If-None-Match) and failures (503 SlowDown, 500).
/// </summary>
internal sealed class FakeS3 : IDisposable
{
    private readonly LoopbackHttpServer _server;

    public FakeS3()
    {
        _server = new LoopbackHttpServer(Answer);
    }

    public string Url => _server.Url;

    public Func<FakeRequest, FakeResponse> Respond { get; set; } = _ => FakeResponse.Ok();

    public List<FakeRequest> Requests { get; } = [];

    public static FakeResponse Error(int status, string code) =>
        new(status, $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{code}</Message><RequestId>r1</RequestId></Error>", "application/xml");

    public void Dispose() => _server.Dispose();

    private async Task Answer(HttpListenerContext context)
    {
        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
        var headers = context.Request.Headers.AllKeys.Where(k => k is not null)
            .ToDictionary(k => k!, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
        var request = new FakeRequest(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, context.Request.Url.Query, headers, body.ToArray());
        FakeResponse response;
        lock (Requests)
        {
            Requests.Add(request);
            response = Respond(request);
        }

        context.Response.StatusCode = response.Status;
        context.Response.Headers["x-amz-request-id"] = "r1";
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers[name] = value;
        }

        byte[] bytes = response.Body;
        if (response.ContentType is not null)
        {
            context.Response.ContentType = response.ContentType;
        }

        context.Response.ContentLength64 = bytes.Length;
        if (request.Method != "HEAD")
        {
            await context.Response.OutputStream.WriteAsync(bytes);
        }

        context.Response.Close();
    }
}

internal sealed record FakeRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;
}

internal sealed record FakeResponse(int Status, byte[] Body, string? ContentType, IReadOnlyDictionary<string, string> Headers)
{
    public FakeResponse(int status, string body, string? contentType)
        : this(status, Encoding.UTF8.GetBytes(body), contentType, new Dictionary<string, string>())
    {
    }

    /// <summary>200 with S3's ETag for a single-part object: the hex MD5 of the body (the SDK checks it on GetObject).</summary>
    public static FakeResponse Ok(byte[]? body = null)
    {
        body ??= [];
#pragma warning disable CA5351 // S3's ETag is an MD5 by definition
        string etag = Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(body));
#pragma warning restore CA5351
        return new(200, body, null, new Dictionary<string, string> { ["ETag"] = $"\"{etag}\"" });
    }
}
