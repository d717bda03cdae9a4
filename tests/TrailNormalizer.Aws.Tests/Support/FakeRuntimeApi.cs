using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Threading.Channels;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Aws.Tests.Support;

/// <summary>What the runtime posted back: an invocation response, an invocation error, or an init error.</summary>
public sealed record RuntimeAnswer(string Kind, string? ErrorType, byte[] Body)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Body);
}

/// <summary>
/// A loopback Lambda Runtime API (2018-06-01) for driving a runtime: invocations queued by the test are handed
/// out on GET /runtime/invocation/next (which blocks until there is one, as Lambda's does), and every
/// response, error and init error the runtime posts is recorded.
/// </summary>
public sealed class FakeRuntimeApi : IDisposable
{
    private readonly Channel<(string Id, byte[] Payload, long DeadlineMs, string? TraceId)> _queue = Channel.CreateUnbounded<(string, byte[], long, string?)>();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<RuntimeAnswer>> _answers = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<RuntimeAnswer> _initError = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _firstNext = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly LoopbackHttpServer _server;
    private int _nextCalls;
    private int _disposed;

    public FakeRuntimeApi()
    {
        // GET /next blocks until the test queues an invocation, so every request is answered on its own task.
        _server = new LoopbackHttpServer(context =>
        {
            _ = Task.Run(() => Answer(context));
            return Task.CompletedTask;
        });
    }

    /// <summary>The value for AWS_LAMBDA_RUNTIME_API.</summary>
    public string Address => $"127.0.0.1:{_server.Port}";

    public int NextCalls => Volatile.Read(ref _nextCalls);

    /// <summary>Completes when the runtime first asks for an invocation (its start-up is over).</summary>
    public Task FirstNext => _firstNext.Task;

    public Task<RuntimeAnswer> InitError => _initError.Task;

    /// <summary>Queues an invocation; the task completes with the runtime's answer to it.</summary>
    public Task<RuntimeAnswer> Invoke(string requestId, byte[] payload, TimeSpan? timeout = null, string? traceId = null)
    {
        var answer = _answers.GetOrAdd(requestId, _ => new TaskCompletionSource<RuntimeAnswer>(TaskCreationOptions.RunContinuationsAsynchronously));
        long deadline = DateTimeOffset.UtcNow.Add(timeout ?? TimeSpan.FromSeconds(60)).ToUnixTimeMilliseconds();
        _queue.Writer.TryWrite((requestId, payload, deadline, traceId));
        return answer.Task;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _stop.Cancel();
        _server.Dispose();
        _stop.Dispose();
    }

    private async Task Answer(HttpListenerContext context)
    {
        try
        {
            string path = context.Request.Url!.AbsolutePath;
            if (context.Request.HttpMethod == "GET" && path == "/2018-06-01/runtime/invocation/next")
            {
                await Next(context.Response);
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            string? errorType = context.Request.Headers["Lambda-Runtime-Function-Error-Type"];
            if (context.Request.HttpMethod == "POST" && path == "/2018-06-01/runtime/init/error")
            {
                _initError.TrySetResult(new RuntimeAnswer("init-error", errorType, body.ToArray()));
                Reply(context.Response, HttpStatusCode.Accepted);
                return;
            }

            const string prefix = "/2018-06-01/runtime/invocation/";
            if (context.Request.HttpMethod == "POST" && path.StartsWith(prefix, StringComparison.Ordinal))
            {
                var parts = path[prefix.Length..].Split('/');
                if (parts.Length == 2 && parts[1] is "response" or "error" && _answers.TryGetValue(Uri.UnescapeDataString(parts[0]), out var answer))
                {
                    answer.TrySetResult(new RuntimeAnswer(parts[1], errorType, body.ToArray()));
                    Reply(context.Response, HttpStatusCode.Accepted);
                    return;
                }
            }

            Reply(context.Response, HttpStatusCode.NotFound);
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            // the test ended while a request was open
        }
    }

    private async Task Next(HttpListenerResponse response)
    {
        Interlocked.Increment(ref _nextCalls);
        _firstNext.TrySetResult();
        var (id, payload, deadline, traceId) = await _queue.Reader.ReadAsync(_stop.Token);
        response.StatusCode = 200;
        response.ContentType = "application/json";
        response.Headers["Lambda-Runtime-Aws-Request-Id"] = id;
        response.Headers["Lambda-Runtime-Deadline-Ms"] = deadline.ToString(CultureInfo.InvariantCulture);
        response.Headers["Lambda-Runtime-Invoked-Function-Arn"] = "arn:aws:lambda:eu-west-1:111122223333:function:trailnorm";
        if (traceId is not null)
        {
            response.Headers["Lambda-Runtime-Trace-Id"] = traceId;
        }

        response.ContentLength64 = payload.Length;
        await response.OutputStream.WriteAsync(payload);
        response.Close();
    }

    private static void Reply(HttpListenerResponse response, HttpStatusCode status)
    {
        response.StatusCode = (int)status;
        response.ContentLength64 = 0;
        response.Close();
    }
}
