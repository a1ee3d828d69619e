using System.Net;
using System.Net.Sockets;

namespace LifecycleActors.Webhooks;

/// <summary>
/// Addresses a webhook from a shop must not reach when private networks are not allowed: loopback, private and
/// shared ranges, link-local (where cloud metadata services live), unspecified, multicast and broadcast.
/// </summary>
internal static class PrivateNetworks
{
    public static bool Contains(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> b = stackalloc byte[4];
            address.TryWriteBytes(b, out _);
            return b[0] is 0 or 10 or 127 or >= 224                // this network, private, loopback, multicast and reserved
                || (b[0] == 100 && b[1] is >= 64 and <= 127)        // shared address space (carrier-grade NAT)
                || (b[0] == 169 && b[1] == 254)                     // link-local
                || (b[0] == 172 && b[1] is >= 16 and <= 31)         // private
                || (b[0] == 192 && b[1] == 168)                     // private
                || (b[0] == 192 && b[1] == 0 && b[2] == 0);         // IETF protocol assignments
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return true;
        }

        if (IPAddress.IPv6Loopback.Equals(address) || IPAddress.IPv6Any.Equals(address)
            || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast)
        {
            return true;
        }

        Span<byte> v6 = stackalloc byte[16];
        address.TryWriteBytes(v6, out _);
        return (v6[0] & 0xFE) == 0xFC;                              // unique local fc00::/7
    }

    /// <summary>True for <c>localhost</c> and names under it, which resolve to loopback by definition (RFC 6761).</summary>
    public static bool IsLocalhostName(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);
}
