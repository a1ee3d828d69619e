using System.Net;
using System.Text.Json;
using LifecycleActors.Tests.Shared;
using LifecycleActors.Tests.Support;

namespace LifecycleActors.Cluster.Tests;

/// <summary>
/// Erasures across a failover (ADR 0016, issue 18): three silo processes on one PostgreSQL database; erasures are
/// requested on every silo and one silo is killed (SIGKILL) while they run, as a storefront keeps retrying the erased
/// customers' old orders and sending new orders for the others. Every erasure is done by the survivors, no column of
/// any table holds an erased id or its event ids, the retries are dropped as erased, the other customers count every
/// order, and a silo started again in the killed one's place brings none of them back.
/// </summary>
public sealed class ErasureFailoverTests(TestPostgres server) : IClassFixture<TestPostgres>
{
    private const int Customers = 200;
    private const int Erased = 120;

    private static readonly string[] SiloArguments =
    [
        "--Orleans:Membership:ProbeTimeout", "00:00:02",
        "--Orleans:Membership:NumMissedProbesLimit", "2",
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Erasures_through_a_killed_silo_are_done_by_the_others_and_nothing_comes_back()
    {
        var connectionString = await server.CreateDatabaseAsync();
        using var directory = new TempDirectory();
        await using var cluster = await SiloCluster.StartAsync(3, directory.Path, connectionString, SiloArguments);
        var past = DateTimeOffset.UtcNow.AddDays(-10);
        using (var client = Client(cluster.Up[0]))
        {
            foreach (var batch in Enumerable.Range(0, Customers).Chunk(100))
            {
                var events = batch.SelectMany(n => new[] { Order(EventId(n, 1), n, past.AddHours(n % 24)), Order(EventId(n, 2), n, past.AddDays(3)) });
                Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/api/v1/events", Body.Of([.. events]), Ct)).StatusCode);
            }

            await Eventually.Get(
                async () => (await (await client.GetAsync("/api/v1/stats", Ct)).Json()).GetProperty("eventsApplied").GetInt64(),
                applied => applied == 2 * Customers,
                TimeSpan.FromMinutes(1),
                what: "every order applied");
        }

        // Erasures asked of all three silos; silo 2 is killed once the first are done.
        for (var n = 0; n < Erased; n++)
        {
            using var client = Client(cluster.Up[n % 3]);
            Assert.Equal(HttpStatusCode.Accepted, (await client.DeleteAsync($"/api/v1/customers/{Id(n)}", Ct)).StatusCode);
        }

        using (var client = Client(cluster.Up[0]))
        {
            await Eventually.Get(() => DoneAsync(client), done => done >= 5, TimeSpan.FromMinutes(1), what: "the first erasures done");
        }

        await cluster.KillAsync(2);

        // The storefront goes on with the two survivors: the erased customers' old orders again, new orders for the others.
        var retriesErased = 0;
        var now = DateTimeOffset.UtcNow;
        for (var n = 0; n < Customers; n++)
        {
            using var client = Client(cluster.Up[n % 2]);
            var body = n < Erased ? Body.Of(Order(EventId(n, 1), n, past.AddHours(n % 24))) : Body.Of(Order(EventId(n, 3), n, now));
            var answer = await Eventually.Get(
                async () => await client.PostAsync("/api/v1/events", body, Ct),
                response => response.StatusCode == HttpStatusCode.Accepted,
                TimeSpan.FromMinutes(1),
                what: "the survivors taking events");
            var json = await answer.Json();
            retriesErased += n < Erased ? json.GetProperty("erased").GetInt32() + json.GetProperty("duplicates").GetInt32() : 0;
        }

        using (var survivor = Client(cluster.Up[0]))
        {
            await Eventually.Get(() => DoneAsync(survivor), done => done == Erased, TimeSpan.FromMinutes(2), what: "every erasure done by the survivors");
        }

        // Erased (or still a duplicate, when its erasure had not reached the log yet, and then removed with the rest).
        Assert.Equal(Erased, retriesErased);
        await AssertNothingComesBackAsync(cluster.Up[1], connectionString);

        // A silo in the killed one's place: restarts, catch-up and its recovery pass bring nothing back.
        await cluster.StartAsync(2);
        await AssertNothingComesBackAsync(cluster[2].BaseAddress, connectionString);
    }

    private static async Task AssertNothingComesBackAsync(Uri silo, string connectionString)
    {
        using var client = Client(silo);
        for (var n = 0; n < Customers; n++)
        {
            var response = await client.GetAsync($"/api/v1/customers/{Id(n)}", Ct);
            if (n < Erased)
            {
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            }
            else
            {
                var customer = await Eventually.Get(
                    async () => await (await client.GetAsync($"/api/v1/customers/{Id(n)}", Ct)).Json(),
                    c => c.GetProperty("orders").GetInt32() == 3,
                    TimeSpan.FromSeconds(30),
                    what: $"customer {n} with its three orders");
                Assert.Equal(3, customer.GetProperty("eventsApplied").GetInt32());
            }
        }

        string[] needles = [.. Enumerable.Range(0, Erased).SelectMany(n => new[] { Id(n), EventId(n, 1), EventId(n, 2) })];
        var found = await StoreScan.PostgresAsync(connectionString, needles);
        Assert.True(found.Count == 0, $"erased ids found in {string.Join(", ", found)}");
    }

    private static async Task<int> DoneAsync(HttpClient client)
    {
        var audit = JsonDocument.Parse(await client.GetStringAsync("/api/v1/erasures?status=done&limit=1000", Ct)).RootElement;
        return audit.GetProperty("items").GetArrayLength();
    }

    /// <summary>Ids that are no part of one another (ef-c007x is not inside ef-c0070x).</summary>
    private static string Id(int n) => $"ef-c{n:D4}x";

    private static string EventId(int n, int order) => $"ef-e{n:D4}-{order}x";

    private static object Order(string eventId, int n, DateTimeOffset at) => Body.Order(eventId, Id(n), eventId, 25m, at);

    private static HttpClient Client(Uri silo)
    {
        var client = new HttpClient { BaseAddress = silo, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-Api-Key", SiloCluster.ApiKey);
        return client;
    }
}
