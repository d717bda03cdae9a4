using System.Net;
using System.Net.Sockets;

namespace TrailNormalizer.Azure.Tests.EndToEnd;

/// <summary>
/// A loopback TCP proxy in front of Azurite that a test can cut: once cut (on demand, or after a number of request
/// bytes), every open connection is dropped and new ones are closed at once, as if Azurite had stopped.
/// </summary>
internal sealed class TcpProxy : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _upstreamPort;
    private readonly List<TcpClient> _open = [];
    private readonly CancellationTokenSource _stop = new();
    private long _forwarded;
    private long _cutAfter = long.MaxValue;
    private volatile bool _cut;

    public TcpProxy(int upstreamPort)
    {
        _upstreamPort = upstreamPort;
        _listener.Start();
        _ = Task.Run(AcceptLoop);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>True once the proxy has been cut (and not restored).</summary>
    public bool IsCut => _cut;

    /// <summary>Cuts the connection once this many more request bytes have passed.</summary>
    public void CutAfter(long requestBytes)
    {
        Interlocked.Exchange(ref _forwarded, 0);
        Interlocked.Exchange(ref _cutAfter, requestBytes);
    }

    public void Cut()
    {
        _cut = true;
        lock (_open)
        {
            foreach (var client in _open)
            {
                client.Close();
            }

            _open.Clear();
        }
    }

    public void Restore()
    {
        Interlocked.Exchange(ref _cutAfter, long.MaxValue);
        _cut = false;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        Cut();
        _stop.Dispose();
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (_cut)
            {
                client.Close();
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
            await upstream.ConnectAsync(IPAddress.Loopback, _upstreamPort).ConfigureAwait(false);
            lock (_open)
            {
                _open.Add(client);
                _open.Add(upstream);
            }

            await Task.WhenAny(Pump(client, upstream, countRequests: true), Pump(upstream, client, countRequests: false)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException)
        {
            // A cut or a closed peer ends the relay.
        }
        finally
        {
            client.Close();
            upstream.Close();
        }
    }

    private async Task Pump(TcpClient from, TcpClient to, bool countRequests)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            var source = from.GetStream();
            var target = to.GetStream();
            int read;
            while ((read = await source.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                if (countRequests && Interlocked.Add(ref _forwarded, read) > Interlocked.Read(ref _cutAfter))
                {
                    Cut();
                    return;
                }

                await target.WriteAsync(buffer.AsMemory(0, read)).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // Closed by a cut.
        }
    }
}
