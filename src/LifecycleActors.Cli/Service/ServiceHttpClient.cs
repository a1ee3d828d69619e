using System.Net;

namespace LifecycleActors.Cli.Service;

/// <summary>The one <see cref="HttpClient"/> of a run, shared by all senders so that connections are pooled and reused.</summary>
internal static class ServiceHttpClient
{
    /// <summary>Longer than any healthy acknowledgement; a request past it is retried like a network error.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    public static HttpClient Create(int concurrency) => new(
        new SocketsHttpHandler
        {
            // A connection per request in flight: with fewer, requests would queue inside the handler and that wait
            // would be measured as server latency.
            MaxConnectionsPerServer = concurrency,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        },
        disposeHandler: true)
    {
        Timeout = RequestTimeout,
    };
}
