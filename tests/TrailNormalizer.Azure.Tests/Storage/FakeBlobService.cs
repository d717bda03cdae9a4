using System.Net;

namespace TrailNormalizer.Azure.Tests.Storage;

/// <summary>
/// Stands in for the Blob service behind the SDK's HttpClient transport: records every request (method, URL,
/// headers, body) and answers each with the next scripted response (201 Created by default).
/// </summary>
internal sealed class FakeBlobService : HttpMessageHandler
{
    private readonly Queue<Func<HttpResponseMessage>> _answers = new();

    public List<RecordedRequest> Requests { get; } = [];

    public void Answer(Func<HttpResponseMessage> answer) => _answers.Enqueue(answer);

    public static HttpResponseMessage Created()
    {
        var response = new HttpResponseMessage(HttpStatusCode.Created);
        response.Headers.ETag = new System.Net.Http.Headers.EntityTagHeaderValue("\"0x8DCABCDEF\"");
        response.Headers.TryAddWithoutValidation("x-ms-request-server-encrypted", "true");
        response.Content = new ByteArrayContent([]);
        response.Content.Headers.LastModified = DateTimeOffset.UtcNow;
        return response;
    }

    public static HttpResponseMessage Error(HttpStatusCode status, string code)
    {
        var response = new HttpResponseMessage(status)
        {
            Content = new StringContent($"<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>{code}</Code><Message>{code}</Message></Error>", System.Text.Encoding.UTF8, "application/xml"),
        };
        response.Headers.TryAddWithoutValidation("x-ms-error-code", code);
        return response;
    }

    /// <summary>A Get Blob answer with the blob's bytes.</summary>
    public static HttpResponseMessage Blob(byte[] content)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(content) };
        response.Headers.ETag = new System.Net.Http.Headers.EntityTagHeaderValue("\"0x8DCABCDEF\"");
        response.Headers.TryAddWithoutValidation("x-ms-blob-type", "BlockBlob");
        response.Content.Headers.LastModified = DateTimeOffset.UtcNow;
        return response;
    }

    /// <summary>A Get Blob Properties answer carrying the blob's metadata.</summary>
    public static HttpResponseMessage Properties(IReadOnlyDictionary<string, string> metadata)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([]) };
        response.Headers.ETag = new System.Net.Http.Headers.EntityTagHeaderValue("\"0x8DCABCDEF\"");
        response.Headers.TryAddWithoutValidation("x-ms-blob-type", "BlockBlob");
        foreach (var (name, value) in metadata)
        {
            response.Headers.TryAddWithoutValidation("x-ms-meta-" + name, value);
        }

        response.Content.Headers.LastModified = DateTimeOffset.UtcNow;
        return response;
    }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers.Concat(request.Content?.Headers.AsEnumerable() ?? []))
        {
            headers[name] = string.Join(",", values);
        }

        var body = new MemoryStream();
        request.Content?.ReadAsStream(cancellationToken).CopyTo(body);
        Requests.Add(new RecordedRequest(request.Method.Method, request.RequestUri!, headers, body.ToArray()));
        return _answers.Count > 0 ? _answers.Dequeue()() : Created();
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Task.FromResult(Send(request, cancellationToken));
}

internal sealed record RecordedRequest(string Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, byte[] Body);
