using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using LifecycleActors.Tests.Support;
using Npgsql;

namespace LifecycleActors.Harness.Cluster;

/// <summary>
/// A loopback TCP proxy in front of a server that holds back every chunk sent to the server for a fixed time, so that
/// each round trip through it takes that much longer, as a network between the silos and their database would. Bytes
/// are forwarded in order and without limit on how many are in flight: only the delay is added, not a bandwidth.
/// </summary>
internal sealed class LatencyProxy : IAsyncDisposable
{
    private const int ChunkBytes = 64 * 1024;

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly long _delayTicks;
    private readonly BlockingCollection<(long Due, Stream To, byte[] Bytes, int Count)> _due = [];
    private readonly Thread _sender;
    private readonly AcceptLoop _accepting;

    private LatencyProxy(string targetHost, int targetPort, TimeSpan delay)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _delayTicks = (long)(delay.TotalSeconds * Stopwatch.Frequency);
        _listener.Start();
        _sender = new Thread(SendWhenDue) { IsBackground = true, Name = "latency proxy" };
        _sender.Start();
        _accepting = AcceptLoop.Start(_listener, ForwardAsync, _stop.Token);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>
    /// Listens on a free loopback port in front of the PostgreSQL server of <paramref name="connectionString"/>; every
    /// connection to it is forwarded there with <paramref name="delay"/> added to each round trip. Null when the delay
    /// is zero: then <see cref="Through"/> leaves the connection string as it is.
    /// </summary>
    public static LatencyProxy? InFrontOf(string connectionString, TimeSpan delay)
    {
        var server = new NpgsqlConnectionStringBuilder(connectionString);
        return delay > TimeSpan.Zero ? new(server.Host ?? "127.0.0.1", server.Port, delay) : null;
    }

    /// <summary><paramref name="connectionString"/> as it reaches its server through <paramref name="proxy"/>, if any.</summary>
    public static string Through(LatencyProxy? proxy, string connectionString) =>
        proxy is null ? connectionString : new NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = proxy.Port }.ConnectionString;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _accepting.StopAsync();
        _sender.Join();
        _due.Dispose();
        _stop.Dispose();
    }

    private async Task ForwardAsync(TcpClient client)
    {
        using var _ = client;
        using var server = new TcpClient { NoDelay = true };
        client.NoDelay = true;
        try
        {
            await server.ConnectAsync(_targetHost, _targetPort, _stop.Token);
            using var either = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            var toServer = HoldBackAsync(client.GetStream(), server.GetStream(), either.Token);
            var toClient = server.GetStream().CopyToAsync(client.GetStream(), either.Token);

            // When one side closes, the other direction has nothing left to answer.
            await Task.WhenAny(toServer, toClient);
            await either.CancelAsync();
            await Task.WhenAll(toServer, toClient);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
            // A connection ends as the client or server ends it, or when the proxy stops.
        }
    }

    /// <summary>Reads what the client sends and queues it for the server, stamped with the moment it is due.</summary>
    private async Task HoldBackAsync(Stream from, Stream to, CancellationToken cancellationToken)
    {
        while (true)
        {
            var buffer = new byte[ChunkBytes];
            var read = await from.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                return;
            }

            _due.Add((Stopwatch.GetTimestamp() + _delayTicks, to, buffer, read), cancellationToken);
        }
    }

    /// <summary>
    /// Sends each queued chunk when it is due. The delay is the same for every chunk, so the queue is in the order they
    /// fall due. One thread, sleeping with the kernel's fine-grained timer: .NET's own timers count in steps of a few
    /// milliseconds here, too coarse for a delay of one.
    /// </summary>
    private void SendWhenDue()
    {
        try
        {
            foreach (var (due, to, bytes, count) in _due.GetConsumingEnumerable(_stop.Token))
            {
                var wait = due - Stopwatch.GetTimestamp();
                if (wait > 0)
                {
                    _ = NativeSleep.Microseconds((uint)(wait * 1_000_000 / Stopwatch.Frequency));
                }

                try
                {
                    to.Write(bytes, 0, count);
                }
                catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
                {
                    // That connection is over; the others go on.
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The proxy stops.
        }
    }

    /// <summary>The C library's <c>usleep</c>: a sleep timed by the kernel's high-resolution timers.</summary>
    private static class NativeSleep
    {
        [DllImport("libc", EntryPoint = "usleep")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Microseconds(uint microseconds);
    }
}
