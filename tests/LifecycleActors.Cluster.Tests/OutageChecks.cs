using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using LifecycleActors.Tests.Shared;
using LifecycleActors.Tests.Support;

namespace LifecycleActors.Cluster.Tests;

/// <summary>What the storage fault tests check after a fault, and the readiness watch they keep during it.</summary>
internal static class OutageChecks
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Stats and every customer's grain count each acknowledged event once (stats also the
    /// <paramref name="otherEvents"/> the test sent besides the load).</summary>
    public static async Task AssertAppliedOnceAsync(HttpClient api, FailoverShop shop, OutageLoad load, int otherEvents = 0)
    {
        await Eventually.Get(
            async () => (await (await api.GetAsync("/api/v1/stats", Ct)).Json()).GetProperty("eventsApplied").GetInt64(),
            applied => applied == load.Acknowledged + otherEvents,
            timeout: TimeSpan.FromSeconds(45),
            what: $"stats count the {load.Acknowledged} events acknowledged and the {otherEvents} others");
        for (var i = 0; i < shop.Customers; i++)
        {
            var expected = FailoverShop.ExpectedAfter(load.AcknowledgedOf(i)).EventsApplied;
            var customer = await Eventually.Get(
                async () => (await (await api.GetAsync($"/api/v1/customers/{shop.CustomerId(i)}", Ct)).Json()).GetProperty("eventsApplied").GetInt32(),
                applied => applied >= expected,
                what: $"{shop.CustomerId(i)} counts its {expected} events");
            Assert.Equal(expected, customer);
        }
    }

    /// <summary>Asks <c>/health/ready</c> every 100 ms until <paramref name="stop"/>, recording when and what it answered.</summary>
    public static async Task WatchReadinessAsync(Uri silo, Stopwatch clock, ConcurrentQueue<(TimeSpan, HttpStatusCode)> seen, CancellationToken stop)
    {
        using var client = new HttpClient { BaseAddress = silo, Timeout = TimeSpan.FromSeconds(5) };
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var response = await client.GetAsync("/health/ready", CancellationToken.None);
                seen.Enqueue((clock.Elapsed, response.StatusCode));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                seen.Enqueue((clock.Elapsed, HttpStatusCode.RequestTimeout));
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }
}
