using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TrailNormalizer.TestSupport;

/// <summary>
/// A loopback TCP proxy in front of a local service that a test can cut, as if the service had stopped: once cut,
/// every open connection is reset and new ones are reset on accept, until <see cref="Restore"/>. The cut comes on
/// demand, after a number of whole HTTP requests, or after a number of request bytes (in the middle of a request).
/// Requests are told apart by their Content-Length; a chunked request is relayed as it comes, counted in bytes only.
/// Answers are relayed as they come.
/// </summary>
public sealed class CuttableTcpProxy : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _upstreamHost;
    private readonly int _upstreamPort;
    private readonly List<TcpClient> _open = [];
    private readonly List<string> _requestLines = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accept;
    private long _requests;
    private long _requestLimit = long.MaxValue;
    private long _bytes;
    private long _byteLimit = long.MaxValue;
    private volatile bool _cut;

    public CuttableTcpProxy(string upstreamHost, int upstreamPort)
    {
        _upstreamHost = upstreamHost;
        _upstreamPort = upstreamPort;
        _listener.Start();
        _accept = Task.Run(AcceptLoop);
    }

    public CuttableTcpProxy(Uri upstream)
        : this(upstream.Host, upstream.Port)
    {
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string Endpoint => $"http://127.0.0.1:{Port}";

    /// <summary>True once the proxy has been cut (and not restored).</summary>
    public bool IsCut => _cut;

    /// <summary>The request lines (method, target, version) forwarded so far, in order.</summary>
    public IReadOnlyList<string> RequestLines
    {
        get
        {
            lock (_requestLines)
            {
                return [.. _requestLines];
            }
        }
    }

    /// <summary>Cuts when the request after the next <paramref name="requests"/> whole requests arrives; that one is not forwarded.</summary>
    public void CutAfterRequests(int requests)
    {
        Interlocked.Exchange(ref _requests, 0);
        Interlocked.Exchange(ref _requestLimit, requests);
    }

    /// <summary>Cuts once this many more request bytes have passed, wherever in a request that falls.</summary>
    public void CutAfterBytes(long requestBytes)
    {
        Interlocked.Exchange(ref _bytes, 0);
        Interlocked.Exchange(ref _byteLimit, requestBytes);
    }

    public void Cut()
    {
        _cut = true;
        lock (_open)
        {
            foreach (var client in _open)
            {
                Reset(client);
            }

            _open.Clear();
        }
    }

    /// <summary>Lets connections through again, with no cut pending.</summary>
    public void Restore()
    {
        Interlocked.Exchange(ref _requestLimit, long.MaxValue);
        Interlocked.Exchange(ref _byteLimit, long.MaxValue);
        _cut = false;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        Cut();
        try
        {
            _accept.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // stopped under a pending accept
        }

        _stop.Dispose();
    }

    private static void Reset(TcpClient client)
    {
        try
        {
            client.Client.LingerState = new LingerOption(true, 0);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // already closed
        }

        client.Close();
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (_cut)
            {
                Reset(client);
                continue;
            }

            _ = Task.Run(() => Relay(client));
        }
    }

    private async Task Relay(TcpClient client)
    {
        var upstream = new TcpClient();
        try
        {
            await upstream.ConnectAsync(_upstreamHost, _upstreamPort, _stop.Token);
            lock (_open)
            {
                _open.Add(client);
                _open.Add(upstream);
            }

            var answers = upstream.GetStream().CopyToAsync(client.GetStream(), _stop.Token);
            await Task.WhenAny(ForwardRequests(client.GetStream(), upstream.GetStream()), answers);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // a cut or a closed peer ends the relay
        }
        finally
        {
            lock (_open)
            {
                _open.Remove(client);
                _open.Remove(upstream);
            }

            client.Close();
            upstream.Close();
        }
    }

    /// <summary>Copies requests from the client to the service until a cut, or the end of the client's stream.</summary>
    private async Task ForwardRequests(NetworkStream from, NetworkStream to)
    {
        var pending = new MemoryStream();
        byte[] chunk = new byte[64 * 1024];
        while (true)
        {
            int headEnd;
            while ((headEnd = IndexOfHeadEnd(pending)) < 0)
            {
                if (!await ReadMore(from, pending, chunk))
                {
                    return;
                }
            }

            string head = Encoding.ASCII.GetString(pending.GetBuffer(), 0, headEnd);
            if (Interlocked.Increment(ref _requests) > Interlocked.Read(ref _requestLimit))
            {
                Cut();
                return;
            }

            lock (_requestLines)
            {
                _requestLines.Add(head.Split("\r\n")[0]);
            }

            if (ContentLength(head) is not { } bodyLength)
            {
                await CopyRaw(from, to, pending, chunk);
                return;
            }

            long remaining = headEnd + 4 + bodyLength;
            while (remaining > 0)
            {
                if (pending.Length == 0 && !await ReadMore(from, pending, chunk))
                {
                    return;
                }

                int take = (int)Math.Min(remaining, pending.Length);
                if (!await Send(to, pending.GetBuffer().AsMemory(0, take)))
                {
                    return;
                }

                remaining -= take;
                Consume(pending, take);
            }
        }
    }

    /// <summary>Relays the rest of the connection as it comes, from what is already read.</summary>
    private async Task CopyRaw(NetworkStream from, NetworkStream to, MemoryStream pending, byte[] chunk)
    {
        if (!await Send(to, pending.GetBuffer().AsMemory(0, (int)pending.Length)))
        {
            return;
        }

        int read;
        while ((read = await from.ReadAsync(chunk, _stop.Token)) > 0)
        {
            if (!await Send(to, chunk.AsMemory(0, read)))
            {
                return;
            }
        }
    }

    /// <summary>Forwards the bytes, or cuts instead if they would overrun the byte budget; false after a cut.</summary>
    private async Task<bool> Send(NetworkStream to, ReadOnlyMemory<byte> bytes)
    {
        if (Interlocked.Add(ref _bytes, bytes.Length) > Interlocked.Read(ref _byteLimit))
        {
            Cut();
            return false;
        }

        await to.WriteAsync(bytes, _stop.Token);
        return true;
    }

    private async Task<bool> ReadMore(NetworkStream from, MemoryStream pending, byte[] chunk)
    {
        int read = await from.ReadAsync(chunk, _stop.Token);
        pending.Write(chunk, 0, read);
        return read > 0;
    }

    private static void Consume(MemoryStream pending, int count)
    {
        byte[] rest = pending.GetBuffer()[count..(int)pending.Length];
        pending.SetLength(0);
        pending.Write(rest);
    }

    private static int IndexOfHeadEnd(MemoryStream pending) =>
        pending.GetBuffer().AsSpan(0, (int)pending.Length).IndexOf("\r\n\r\n"u8);

    /// <summary>The body's length; 0 without a body; null for a chunked body, whose end this proxy does not look for.</summary>
    private static long? ContentLength(string head)
    {
        foreach (string line in head.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                return long.Parse(line["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture);
            }

            if (line.StartsWith("Transfer-Encoding:", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
        }

        return 0;
    }
}
