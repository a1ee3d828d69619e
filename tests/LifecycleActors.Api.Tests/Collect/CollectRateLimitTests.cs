using System.Net;
using System.Net.Sockets;
using System.Text;
using static LifecycleActors.Api.Tests.Collect.BrowserBatches;

namespace LifecycleActors.Api.Tests.Collect;

/// <summary>The browser's rate limits: per client address (3/s here) and per publishable key (12/s here), answered 429 with Retry-After.</summary>
public sealed class CollectRateLimitTests(TightCollectHost host) : IClassFixture<TightCollectHost>
{
    private const int Burst = 24;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task One_address_is_limited()
    {
        // Fewer than the key's limit, all from 127.0.0.1 with shop-b's key (which no other test here uses): only the
        // address's limit can refuse them.
        var responses = await Task.WhenAll(Enumerable.Range(0, 11).Select(i =>
            SendAsync("127.0.0.1", CollectHost.PublishableB, CollectHost.OriginB, $"r1-{i}")));

        await AssertLimited(responses, maxAccepted: 10);
    }

    [Fact]
    public async Task One_key_is_limited_across_addresses()
    {
        // Two requests from each of twelve loopback addresses (under the address limit of 3), all with shop-a's key.
        var responses = await Task.WhenAll(Enumerable.Range(0, Burst).Select(i =>
            SendAsync($"127.0.1.{1 + (i / 2)}", CollectHost.PublishableA, CollectHost.OriginA, $"r2-{i}")));

        await AssertLimited(responses, maxAccepted: Burst - 1);
    }

    private static async Task AssertLimited(HttpResponseMessage[] responses, int maxAccepted)
    {
        var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        var accepted = responses.Count(r => r.StatusCode == HttpStatusCode.Accepted);
        Assert.True(limited.Count > 0 && accepted <= maxAccepted, $"{accepted} accepted, {limited.Count} limited, others: {string.Join(", ", responses.Select(r => (int)r.StatusCode).Distinct())}");
        Assert.Equal(responses.Length, accepted + limited.Count);
        var first = limited[0];
        Assert.True(first.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal("application/problem+json", first.Content.Headers.ContentType?.MediaType);
        Assert.Contains("rate limit is spent", await first.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    /// <summary>A request from the loopback address <paramref name="from"/>, whatever address the client would pick.</summary>
    private async Task<HttpResponseMessage> SendAsync(string from, string key, string origin, string id)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(IPAddress.Parse(from), 0));
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var client = new HttpClient(handler) { BaseAddress = host.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/collect") { Content = new StringContent(Batch(Visit(id, "anon-" + id)), Encoding.UTF8, "text/plain") };
        request.Headers.Add("X-Publishable-Key", key);
        request.Headers.Add("Origin", origin);
        var response = await client.SendAsync(request, Ct);
        await response.Content.LoadIntoBufferAsync(Ct);
        return response;
    }
}
