using System.Net;

namespace TrailNormalizer.TestSupport;

/// <summary>
/// An HTTP server on a free 127.0.0.1 port that hands each request to <c>handle</c>, one at a time; a fake that must
/// answer requests concurrently (a long poll) starts its own task inside <c>handle</c>. Fakes keep their protocol
/// logic to themselves and build on this for the listening and the shutdown.
/// </summary>
public sealed class LoopbackHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<HttpListenerContext, Task> _handle;
    private readonly Task _loop;
    private int _disposed;

    public LoopbackHttpServer(Func<HttpListenerContext, Task> handle)
    {
        _handle = handle;
        Port = LoopbackPort.Free();
        Url = $"http://127.0.0.1:{Port}/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(Serve);
    }

    public int Port { get; }

    /// <summary>The base URL, with a trailing slash.</summary>
    public string Url { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // the listener was closed under a pending accept
        }
    }

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                await _handle(context);
            }
            catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
            {
                // the client went away mid-answer; keep serving the others
            }
        }
    }
}
