using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TrailNormalizer.Aws.Tests.EndToEnd;

/// <summary>
/// A loopback TCP proxy in front of radosgw that counts HTTP requests and, once <see cref="CutAfter"/> requests have
/// gone through, drops the connection carrying the next one and refuses every new connection: the S3 endpoint
/// "stops" at an exact point of the runtime's conversation with it. Requests are framed by their Content-Length
/// (the evidence store sends no chunked bodies); answers are relayed as they come.
/// </summary>
public sealed class CuttableProxy : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Uri _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accept;
    private int _forwarded;

    public CuttableProxy(Uri target)
    {
        _target = target;
        _listener.Start();
        _accept = Task.Run(AcceptLoop);
    }

    public string Endpoint => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>How many requests pass before the endpoint goes dark; unlimited by default.</summary>
    public int CutAfter { get; set; } = int.MaxValue;

    public int Forwarded => Volatile.Read(ref _forwarded);

    /// <summary>The request lines (method and path) that were forwarded, in order.</summary>
    public List<string> RequestLines { get; } = [];

    public bool IsCut => Forwarded >= CutAfter;

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
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

            if (IsCut)
            {
                client.Client.LingerState = new LingerOption(true, 0);
                client.Dispose();
                continue;
            }

            _ = Task.Run(() => Relay(client));
        }
    }

    private async Task Relay(TcpClient client)
    {
        using (client)
        using (var upstream = new TcpClient())
        {
            try
            {
                await upstream.ConnectAsync(_target.Host, _target.Port, _stop.Token);
                var toClient = upstream.GetStream().CopyToAsync(client.GetStream(), _stop.Token);
                await ForwardRequests(client.GetStream(), upstream.GetStream());
                client.Client.LingerState = new LingerOption(true, 0);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // either side went away
            }
        }
    }

    /// <summary>Copies whole requests from the runtime to radosgw until the cut; returns at the cut or at end of stream.</summary>
    private async Task ForwardRequests(NetworkStream from, NetworkStream to)
    {
        var buffer = new MemoryStream();
        byte[] chunk = new byte[64 * 1024];
        while (true)
        {
            int headEnd;
            while ((headEnd = IndexOfHeadEnd(buffer)) < 0)
            {
                int read = await from.ReadAsync(chunk, _stop.Token);
                if (read == 0)
                {
                    return;
                }

                buffer.Write(chunk, 0, read);
            }

            string head = Encoding.ASCII.GetString(buffer.GetBuffer(), 0, headEnd);
            long total = headEnd + 4 + ContentLength(head);
            if (Interlocked.Increment(ref _forwarded) > CutAfter)
            {
                Interlocked.Decrement(ref _forwarded);
                return;
            }

            lock (RequestLines)
            {
                RequestLines.Add(head.Split("\r\n")[0]);
            }

            while (buffer.Length < total)
            {
                int read = await from.ReadAsync(chunk, _stop.Token);
                if (read == 0)
                {
                    return;
                }

                buffer.Write(chunk, 0, read);
            }

            await to.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)total), _stop.Token);
            byte[] rest = buffer.GetBuffer()[(int)total..(int)buffer.Length];
            buffer.SetLength(0);
            buffer.Write(rest);
        }
    }

    private static int IndexOfHeadEnd(MemoryStream buffer) =>
        buffer.GetBuffer().AsSpan(0, (int)buffer.Length).IndexOf("\r\n\r\n"u8);

    private static long ContentLength(string head)
    {
        foreach (string line in head.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                return long.Parse(line["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
