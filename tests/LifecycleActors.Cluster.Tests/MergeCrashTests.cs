using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LifecycleActors.Ingestion;
using LifecycleActors.Rules;
using LifecycleActors.Rules.Events;
using LifecycleActors.Rules.State;
using LifecycleActors.Tests.Support;

namespace LifecycleActors.Cluster.Tests;

/// <summary>
/// Kills the silo with SIGKILL while customers are merging the visitors that identify links to them (ADR 0013): most
/// merges are then applied in memory and in no snapshot. After a restart and the storefront's retries, every customer
/// holds exactly its own events, its visitor's events and the identify (nothing lost, nothing twice), and the stats
/// count each visitor and its customer once.
/// </summary>
public sealed class MergeCrashTests
{
    private const string Tenant = "merge-crash";
    private const string ApiKey = "merge-crash-test-key-0123456789";
    private const int Pairs = 200;
    private const int PairsPerLinkBatch = 1;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Killing_the_silo_in_the_middle_of_merges_loses_and_doubles_nothing()
    {
        using var directory = new TempDirectory();
        var now = DateTimeOffset.UtcNow;
        var browsing = Browsing(now);
        var linking = Linking(now);
        var acknowledged = new ConcurrentDictionary<int, bool>();
        var underWay = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var silo = await SiloProcess.StartAsync(directory.Path, directory.SqliteConnectionString, Tenant, ApiKey);
        try
        {
            using (var client = Client(silo))
            {
                foreach (var batch in browsing)
                {
                    Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/api/v1/events", Content(batch), Ct)).StatusCode);
                }

                var next = -1;
                var posters = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
                {
                    int index;
                    while ((index = Interlocked.Increment(ref next)) < linking.Count)
                    {
                        try
                        {
                            var response = await client.PostAsync("/api/v1/events", Content(linking[index]), Ct);
                            if (response.StatusCode == HttpStatusCode.Accepted)
                            {
                                acknowledged[index] = true;
                                if (acknowledged.Count >= linking.Count / 3)
                                {
                                    underWay.TrySetResult();
                                }
                            }
                        }
                        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                        {
                            return;
                        }
                    }
                })).ToList();

                await underWay.Task.WaitAsync(TimeSpan.FromMinutes(1), Ct);
                await silo.KillAsync();
                await Task.WhenAll(posters);
            }

            Assert.InRange(acknowledged.Count, linking.Count / 3, linking.Count - 1);
            TestContext.Current.TestOutputHelper?.WriteLine($"killed with {acknowledged.Count} of {linking.Count} link requests acknowledged");
            await silo.DisposeAsync();
            silo = await SiloProcess.StartAsync(directory.Path, directory.SqliteConnectionString, Tenant, ApiKey);

            using (var client = Client(silo))
            {
                // The storefront resends what was never acknowledged, and what was not sent at all.
                for (var index = 0; index < linking.Count; index++)
                {
                    if (!acknowledged.ContainsKey(index))
                    {
                        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/api/v1/events", Content(linking[index]), Ct)).StatusCode);
                    }
                }

                var all = browsing.Concat(linking).SelectMany(b => b).ToList();
                foreach (var (customerId, want) in Expected(all))
                {
                    var got = await Eventually.Get(
                        () => ReadAsync(client, customerId),
                        c => c is { } state && state.EventsApplied >= want.EventsApplied,
                        what: $"customer {customerId} merged; log: {silo.LogTail(10)}");
                    Assert.Equal(want, got);
                }

                var stats = await Eventually.Get(
                    () => client.GetFromJsonAsync<JsonElement>("/api/v1/stats", Ct),
                    s => s.GetProperty("eventsApplied").GetInt64() >= all.Count,
                    what: "the read model counts every event");
                Assert.Equal((Pairs, (long)all.Count), (stats.GetProperty("customers").GetInt32(), stats.GetProperty("eventsApplied").GetInt64()));
                var listed = await client.GetFromJsonAsync<JsonElement>("/api/v1/customers?limit=500", Ct);
                Assert.DoesNotContain(
                    listed.GetProperty("items").EnumerateArray(),
                    c => AnonymousIds.IsAnonymous(c.GetProperty("customerId").GetString()!));
            }
        }
        finally
        {
            await silo.DisposeAsync();
        }
    }

    private static string Visitor(int i) => $"anon-{i:D4}";

    private static string Customer(int i) => $"c-{i:D4}";

    /// <summary>Before anyone signs in: ten visits and carts per visitor, and an order per customer, in batches of 100.</summary>
    private static List<CustomerEvent[]> Browsing(DateTimeOffset now)
    {
        var events = new List<CustomerEvent>();
        for (var i = 0; i < Pairs; i++)
        {
            for (var k = 0; k < 10; k++)
            {
                var type = k % 3 == 2 ? EventType.CartUpdated : EventType.Visit;
                events.Add(CustomerEvent.Simple($"b-{i}-{k}", Visitor(i), type, now.AddDays(-3).AddMinutes((i * 10) + k)));
            }

            events.Add(CustomerEvent.Order($"o-{i}", Customer(i), now.AddDays(-2).AddMinutes(i), $"ord-{i}", 20m + i));
        }

        return [.. events.Chunk(100)];
    }

    /// <summary>Each visitor signs in (identify), then browses on under its anonymous id and orders again: four events per pair.</summary>
    private static List<CustomerEvent[]> Linking(DateTimeOffset now)
    {
        var events = new List<CustomerEvent>();
        for (var i = 0; i < Pairs; i++)
        {
            var at = now.AddDays(-1).AddMinutes(i);
            events.Add(CustomerEvent.Identify($"i-{i}", Visitor(i), at, Customer(i)));
            events.Add(CustomerEvent.Simple($"a-{i}-0", Visitor(i), EventType.Visit, at.AddSeconds(1)));
            events.Add(CustomerEvent.Simple($"a-{i}-1", Visitor(i), EventType.CheckoutStarted, at.AddSeconds(2)));
            events.Add(CustomerEvent.Order($"o2-{i}", Customer(i), at.AddSeconds(3), $"ord2-{i}", 5m));
        }

        return [.. events.Chunk(PairsPerLinkBatch * 4)];
    }

    /// <summary>Each customer's order-independent state from the rules over all its events and its visitor's, applied offline.</summary>
    private static Dictionary<string, Summary> Expected(IEnumerable<CustomerEvent> events)
    {
        var rules = new CustomerRules(new RuleOptions());
        var now = DateTimeOffset.UtcNow;
        return events
            .GroupBy(e => AnonymousIds.IsAnonymous(e.CustomerId) && e.Type != EventType.Identify
                ? "c-" + e.CustomerId[AnonymousIds.Prefix.Length..]
                : e.LinkedCustomerId ?? e.CustomerId)
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
        var response = await client.GetAsync($"/api/v1/customers/{customerId}", Ct);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return null;
        }

        var json = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        return new Summary(json.GetProperty("eventsApplied").GetInt32(), json.GetProperty("orders").GetInt32(), json.GetProperty("netSpend").GetDecimal());
    }

    private static HttpClient Client(SiloProcess silo)
    {
        var client = new HttpClient { BaseAddress = silo.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }

    private static ByteArrayContent Content(CustomerEvent[] batch)
    {
        var content = new ByteArrayContent(EventJson.WriteBatch(batch));
        content.Headers.ContentType = new("application/json");
        return content;
    }

    private sealed record Summary(int EventsApplied, int Orders, decimal NetSpend);
}
