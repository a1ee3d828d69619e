using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LifecycleActors.Ingestion;
using LifecycleActors.Rules;
using LifecycleActors.Rules.Events;
using LifecycleActors.Rules.State;
using LifecycleActors.Tests.Support;
using LifecycleActors.Traffic;

namespace LifecycleActors.Cluster.Tests;

/// <summary>
/// Kills the silo with SIGKILL in the middle of sustained ingestion, restarts it on the same SQLite file, retries
/// the requests that were never acknowledged (as a storefront would) and proves that every customer's state is
/// exactly what the rules give for the events sent: nothing acknowledged is lost, nothing counts twice.
/// </summary>
public sealed class CrashTests
{
    private const string Tenant = "crash";
    private const string ApiKey = "crash-test-key-0123456789";
    private const int Customers = 300;
    private const int BatchSize = 100;

    [Fact]
    public async Task Killing_the_silo_mid_load_loses_no_acknowledged_event_and_applies_none_twice()
    {
        using var directory = new TempDirectory();
        var batches = Batches(count: 400);
        var acknowledged = new ConcurrentDictionary<int, bool>();
        var attempted = new ConcurrentDictionary<int, bool>();
        var silo = await SiloProcess.StartAsync(directory.Path, directory.SqliteConnectionString, Tenant, ApiKey);
        try
        {
            using (var client = Client(silo))
            {
                var next = -1;
                var posters = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
                {
                    int index;
                    while ((index = Interlocked.Increment(ref next)) < batches.Count)
                    {
                        attempted[index] = true;
                        try
                        {
                            var response = await client.PostAsync("/api/v1/events", Content(batches[index]), TestContext.Current.CancellationToken);
                            if (response.StatusCode == HttpStatusCode.Accepted)
                            {
                                acknowledged[index] = true;
                            }
                        }
                        catch (HttpRequestException)
                        {
                            return;
                        }
                        catch (TaskCanceledException)
                        {
                            return;
                        }
                    }
                })).ToList();

                await Eventually.Get(() => Task.FromResult(acknowledged.Count), n => n >= 60, what: "sustained load under way");
                await silo.KillAsync();
                await Task.WhenAll(posters);
            }

            Assert.InRange(acknowledged.Count, 60, batches.Count - 1);
            await silo.DisposeAsync();
            silo = await SiloProcess.StartAsync(directory.Path, directory.SqliteConnectionString, Tenant, ApiKey);

            // A storefront retries what was sent but not acknowledged, with the same event ids: some of it was
            // committed before the kill (duplicates now), some was not.
            using (var client = Client(silo))
            {
                var unacknowledged = attempted.Keys.Where(i => !acknowledged.ContainsKey(i)).ToList();
                Assert.NotEmpty(unacknowledged);
                foreach (var index in unacknowledged)
                {
                    var response = await client.PostAsync("/api/v1/events", Content(batches[index]), TestContext.Current.CancellationToken);
                    Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                }

                var expected = Expected(attempted.Keys.SelectMany(i => batches[i]));
                foreach (var (customerId, want) in expected)
                {
                    var got = await Eventually.Get(
                        async () => await ReadAsync(client, customerId),
                        c => c is { } state && state.EventsApplied >= want.EventsApplied,
                        what: $"customer {customerId} caught up; log: {silo.LogTail(10)}");
                    if (want != got)
                    {
                        var timeline = await client.GetFromJsonAsync<JsonElement>($"/api/v1/customers/{customerId}/timeline?limit=500", TestContext.Current.CancellationToken);
                        var logged = timeline.GetProperty("items").EnumerateArray().Count(i => i.GetProperty("kind").GetString() == "event");
                        Assert.Fail($"customer {customerId}: expected {want}, got {got}; the log holds {logged} of its events");
                    }
                }
            }
        }
        finally
        {
            await silo.DisposeAsync();
        }
    }

    private static HttpClient Client(SiloProcess silo)
    {
        var client = new HttpClient { BaseAddress = silo.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }

    private static List<CustomerEvent[]> Batches(int count)
    {
        var step = TimeSpan.FromSeconds(20);
        var traffic = new StorefrontTraffic(seed: 42, Customers, DateTimeOffset.UtcNow - (step * count * BatchSize) - TimeSpan.FromMinutes(1), step, "crash");
        return Enumerable.Range(0, count).Select(_ => traffic.Take(BatchSize).ToArray()).ToList();
    }

    private static ByteArrayContent Content(CustomerEvent[] batch)
    {
        var content = new ByteArrayContent(EventJson.WriteBatch(batch));
        content.Headers.ContentType = new("application/json");
        return content;
    }

    /// <summary>The order-independent parts of each customer's state, from the rules applied offline.</summary>
    private static Dictionary<string, Summary> Expected(IEnumerable<CustomerEvent> events)
    {
        var rules = new CustomerRules(new RuleOptions());
        var now = DateTimeOffset.UtcNow;
        return events
            .GroupBy(e => e.CustomerId)
            .ToDictionary(g => g.Key, g =>
            {
                var state = new CustomerState();
                foreach (var e in g)
                {
                    rules.Apply(state, e, TenantFacts.None, e.OccurredAt);
                }

                var view = rules.View(state, TenantFacts.None, now);
                return new Summary(state.EventsApplied, view.Orders, view.NetSpend);
            });
    }

    private static async Task<Summary?> ReadAsync(HttpClient client, string customerId)
    {
        var response = await client.GetAsync($"/api/v1/customers/{customerId}", TestContext.Current.CancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return null;
        }

        var json = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var orders = json.GetProperty("orders").GetInt32();
        return new Summary(json.GetProperty("eventsApplied").GetInt32(), orders, json.GetProperty("netSpend").GetDecimal());
    }

    private sealed record Summary(int EventsApplied, int Orders, decimal NetSpend);
}
