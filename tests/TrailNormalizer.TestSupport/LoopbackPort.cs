using System.Net;
using System.Net.Sockets;

namespace TrailNormalizer.TestSupport;

/// <summary>A TCP port on 127.0.0.1 that was free a moment ago, for a server a test starts.</summary>
public static class LoopbackPort
{
    public static int Free()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
