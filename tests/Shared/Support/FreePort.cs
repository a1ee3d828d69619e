using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace LifecycleActors.Tests.Support;

/// <summary>
/// Loopback TCP ports for servers a test starts. They come from below the kernel's ephemeral range: a port the kernel
/// hands out for "port 0" is also what it gives the next outgoing connection (to PostgreSQL, say), which can take it
/// before the server that was meant to listen there binds it.
/// </summary>
internal static class FreePort
{
    private const int Lowest = 10_000;
    private static readonly HashSet<int> HandedOut = [];
    private static readonly int EphemeralLow = ReadEphemeralLow();

    /// <summary>A loopback TCP port nobody listens on right now, not handed out before by this process.</summary>
    public static int Next()
    {
        if (EphemeralLow - Lowest < 1_000)
        {
            return Bound(0);
        }

        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(Lowest, EphemeralLow);
            lock (HandedOut)
            {
                if (!HandedOut.Add(port))
                {
                    continue;
                }
            }

            try
            {
                return Bound(port);
            }
            catch (SocketException)
            {
                // Someone listens there: try another.
            }
        }

        return Bound(0);
    }

    private static int Bound(int port)
    {
        using var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static int ReadEphemeralLow()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        try
        {
            var first = File.ReadAllText(range).Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries)[0];
            return int.Parse(first, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 32_768;
        }
    }
}
