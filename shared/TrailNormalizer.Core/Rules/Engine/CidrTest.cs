using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace TrailNormalizer.Core.Rules.Engine;

/// <summary><c>|cidr</c>: the leaf is an IPv4 or IPv6 address inside the network (IPv4-mapped IPv6 addresses count as IPv4).</summary>
internal sealed class CidrTest : IValueTest
{
    private readonly byte[] _network;
    private readonly int _prefix;

    private CidrTest(byte[] network, int prefix)
    {
        _network = network;
        _prefix = prefix;
    }

    public bool MatchesAbsent => false;

    /// <summary>Parses <c>10.0.0.0/8</c> or <c>2001:db8::/32</c> (an address alone is a /32 or /128).</summary>
    public static CidrTest? TryParse(string cidr)
    {
        int slash = cidr.IndexOf('/', StringComparison.Ordinal);
        string address = slash < 0 ? cidr : cidr[..slash];
        if (!IPAddress.TryParse(address, out IPAddress? ip))
        {
            return null;
        }

        byte[] bytes = ip.GetAddressBytes();
        int prefix = bytes.Length * 8;
        if (slash >= 0 && (!int.TryParse(cidr.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out prefix) || prefix > bytes.Length * 8))
        {
            return null;
        }

        return new CidrTest(bytes, prefix);
    }

    public bool Matches(JsonElement leaf, JsonElement record)
    {
        if (!LeafText.TryGet(leaf, out ReadOnlySpan<char> text) || !IPAddress.TryParse(text, out IPAddress? ip))
        {
            return false;
        }

        if (ip.AddressFamily == AddressFamily.InterNetworkV6 && ip.IsIPv4MappedToIPv6 && _network.Length == 4)
        {
            ip = ip.MapToIPv4();
        }

        Span<byte> bytes = stackalloc byte[16];
        if (!ip.TryWriteBytes(bytes, out int written) || written != _network.Length)
        {
            return false;
        }

        int full = _prefix / 8;
        if (!bytes[..full].SequenceEqual(_network.AsSpan(0, full)))
        {
            return false;
        }

        int rest = _prefix % 8;
        if (rest == 0)
        {
            return true;
        }

        int mask = 0xFF << (8 - rest) & 0xFF;
        return (bytes[full] & mask) == (_network[full] & mask);
    }
}
