using System.Net;
using System.Net.Sockets;

namespace TrailNormalizer.Aws.Tests.Support;

/// <summary>A free TCP port on 127.0.0.1 for a loopback fake server.</summary>
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
