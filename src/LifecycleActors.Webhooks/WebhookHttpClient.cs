using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LifecycleActors.Webhooks;

/// <summary>The <see cref="HttpClient"/> for a <see cref="WebhookSender"/>: create one for the process and share it.</summary>
public static class WebhookHttpClient
{
    /// <summary>
    /// A client that never follows redirects, sends no cookies, renews connections every few minutes (so DNS changes
    /// are seen) and leaves timeouts to <see cref="WebhookSenderOptions.AttemptTimeout"/>. With
    /// <paramref name="allowPrivateNetworks"/> false it connects only to public addresses (checked after DNS, for
    /// every connection) and uses no proxy, because through a proxy the target's address is not seen. It sends no
    /// trace context (<c>traceparent</c>): the service's trace ids stay inside the service.
    /// </summary>
    public static HttpClient Create(bool allowPrivateNetworks = true)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(30),
            ActivityHeadersPropagator = DistributedContextPropagator.CreateNoOutputPropagator(),
        };
        if (!allowPrivateNetworks)
        {
            handler.UseProxy = false;
            handler.ConnectCallback = ConnectToPublicAddressAsync;
        }

        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    private static async ValueTask<Stream> ConnectToPublicAddressAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = PrivateNetworks.IsLocalhostName(host) ? []
            : IPAddress.TryParse(host, out var literal) ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        var allowed = addresses.Where(address => !PrivateNetworks.Contains(address)).ToArray();
        if (allowed.Length == 0)
        {
            throw new PrivateAddressException($"{WebhookUrlPolicy.Field}: the host resolves only to loopback or private network addresses");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
