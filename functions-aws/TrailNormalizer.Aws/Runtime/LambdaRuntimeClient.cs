using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace TrailNormalizer.Aws.Runtime;

/// <summary>
/// The Lambda Runtime API (version 2018-06-01) over one HttpClient: fetch the next invocation, answer it with
/// a response or an error, or report an initialization error. Only talks to the loopback address Lambda gives
/// in <c>AWS_LAMBDA_RUNTIME_API</c>; no proxy, no redirects.
/// </summary>
public sealed class LambdaRuntimeClient : IDisposable
{
    /// <summary>Lambda's 6 MB synchronous payload limit plus a margin for the SQS event's own framing.</summary>
    public const int MaxPayloadBytes = 7 * 1024 * 1024;

    private const string Version = "2018-06-01";
    private static readonly TimeSpan PostTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;

    public LambdaRuntimeClient(Uri baseAddress, HttpMessageHandler? handler = null)
    {
        _http = new HttpClient(handler ?? new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(5),
        })
        {
            BaseAddress = baseAddress,
            // GET /next blocks until Lambda has an event, which may be never (the sandbox is frozen meanwhile).
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>
    /// The Runtime API base address from <c>AWS_LAMBDA_RUNTIME_API</c>, which must be <c>host:port</c>
    /// (a host name, IPv4 address or bracketed IPv6 address, and a port).
    /// </summary>
    /// <exception cref="ArgumentException">The value is missing or not host:port.</exception>
    public static Uri ParseAddress(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException("AWS_LAMBDA_RUNTIME_API is not set; this program runs inside AWS Lambda (or a Runtime API emulator)");
        }

        int colon = value.LastIndexOf(':');
        bool valid = colon > 0 && colon < value.Length - 1
            && int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port is > 0 and <= 65535
            && Uri.CheckHostName(value[..colon].Trim('[', ']')) is UriHostNameType.Dns or UriHostNameType.IPv4 or UriHostNameType.IPv6
            && (!value[..colon].Contains(':', StringComparison.Ordinal) || (value[0] == '[' && value[colon - 1] == ']'));
        if (!valid || !Uri.TryCreate($"http://{value}/{Version}/", UriKind.Absolute, out var uri) || uri.PathAndQuery != $"/{Version}/")
        {
            throw new ArgumentException($"AWS_LAMBDA_RUNTIME_API '{value}' is not host:port");
        }

        return uri;
    }

    /// <summary>Waits for the next invocation. Sets <c>_X_AMZN_TRACE_ID</c> for the SDKs when tracing is on.</summary>
    public async Task<Invocation> NextAsync(CancellationToken cancellation = default)
    {
        using var response = await _http.GetAsync("runtime/invocation/next", HttpCompletionOption.ResponseHeadersRead, cancellation).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new RuntimeApiException($"GET /runtime/invocation/next answered {(int)response.StatusCode}", (int)response.StatusCode);
        }

        string requestId = Header(response, "Lambda-Runtime-Aws-Request-Id")
            ?? throw new RuntimeApiException("GET /runtime/invocation/next answered without Lambda-Runtime-Aws-Request-Id");
        if (requestId.Length > 256)
        {
            throw new RuntimeApiException("Lambda-Runtime-Aws-Request-Id is implausibly long");
        }

        long deadline = long.TryParse(Header(response, "Lambda-Runtime-Deadline-Ms"), NumberStyles.None, CultureInfo.InvariantCulture, out long ms)
            ? ms
            : throw new RuntimeApiException($"invocation {requestId} has no valid Lambda-Runtime-Deadline-Ms");
        string? traceId = Header(response, "Lambda-Runtime-Trace-Id");
        Environment.SetEnvironmentVariable("_X_AMZN_TRACE_ID", traceId);

        if (response.Content.Headers.ContentLength > MaxPayloadBytes)
        {
            throw new PayloadTooLargeException(requestId, MaxPayloadBytes);
        }

        byte[] payload = await ReadBounded(response.Content, requestId, cancellation).ConfigureAwait(false);
        return new Invocation(requestId, deadline, traceId, Header(response, "Lambda-Runtime-Invoked-Function-Arn"), payload);
    }

    /// <summary>Answers an invocation successfully.</summary>
    public Task RespondAsync(string requestId, ReadOnlyMemory<byte> body, CancellationToken cancellation = default) =>
        PostAsync($"runtime/invocation/{Uri.EscapeDataString(requestId)}/response", new ReadOnlyMemoryContent(body), null, cancellation);

    /// <summary>Fails an invocation (SQS then redelivers the whole batch; EventBridge retries).</summary>
    public Task ReportErrorAsync(string requestId, string errorType, string message, CancellationToken cancellation = default) =>
        PostAsync($"runtime/invocation/{Uri.EscapeDataString(requestId)}/error", ErrorBody(errorType, message), errorType, cancellation);

    /// <summary>Reports that the function cannot start (configuration); Lambda fails the pending invocation.</summary>
    public Task ReportInitErrorAsync(string errorType, string message, CancellationToken cancellation = default) =>
        PostAsync("runtime/init/error", ErrorBody(errorType, message), errorType, cancellation);

    public void Dispose() => _http.Dispose();

    private async Task PostAsync(string path, HttpContent content, string? errorType, CancellationToken cancellation)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(PostTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (errorType is not null)
        {
            request.Headers.TryAddWithoutValidation("Lambda-Runtime-Function-Error-Type", errorType);
        }

        using var response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new RuntimeApiException($"POST /{path} answered {(int)response.StatusCode}", (int)response.StatusCode);
        }
    }

    private static ByteArrayContent ErrorBody(string errorType, string message)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + message.Length);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("errorMessage", message);
            w.WriteString("errorType", errorType);
            w.WriteStartArray("stackTrace");
            w.WriteEndArray();
            w.WriteEndObject();
        }

        return new ByteArrayContent(buffer.WrittenSpan.ToArray());
    }

    private static async Task<byte[]> ReadBounded(HttpContent content, string requestId, CancellationToken cancellation)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellation).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        byte[] chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellation).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxPayloadBytes)
                {
                    throw new PayloadTooLargeException(requestId, MaxPayloadBytes);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() is { Length: > 0 } v ? v : null : null;
}
