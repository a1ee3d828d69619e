using System.Net;
using System.Text.Json;
using LifecycleActors.Tests.Support;

namespace LifecycleActors.Cluster.Tests;

/// <summary>
/// Kills the silo with SIGKILL while it works through hundreds of erasures (ADR 0016). After a restart every erasure
/// is finished by the new process, none is half done (each removed exactly its customer's entries, counted once), no
/// column of any table holds an erased id, and the customers not erased keep all their orders.
/// </summary>
public sealed class ErasureCrashTests
{
    private const string Tenant = "erasure-crash";
    private const string ApiKey = "erasure-crash-test-key-0123456789";
    private const int Customers = 500;
    private const int Erased = 400;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Killing_the_silo_in_the_middle_of_erasures_leaves_none_half_done()
    {
        using var directory = new TempDirectory();
        var past = DateTimeOffset.UtcNow.AddDays(-10);
        var silo = await SiloProcess.StartAsync(directory.Path, directory.SqliteConnectionString, Tenant, ApiKey);
        var erasureIds = new List<string>();
        try
        {
            using (var client = Client(silo))
            {
                foreach (var batch in Enumerable.Range(0, Customers).Chunk(100))
                {
                    var events = batch.SelectMany(n => new[]
                    {
                        Order($"ec-{n}-1", Id(n), past.AddHours(n % 24)),
                        Order($"ec-{n}-2", Id(n), past.AddDays(3).AddHours(n % 24)),
                    });
                    Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/api/v1/events", Body.Of([.. events]), Ct)).StatusCode);
                }

                await Eventually.Get(
                    async () => (await (await client.GetAsync("/api/v1/stats", Ct)).Json()).GetProperty("eventsApplied").GetInt64(),
                    applied => applied == 2 * Customers,
                    TimeSpan.FromMinutes(1),
                    what: "every order applied");

                for (var n = 0; n < Erased; n++)
                {
                    var answer = await (await client.DeleteAsync($"/api/v1/customers/{Id(n)}", Ct)).Json();
                    erasureIds.Add(answer.GetProperty("erasureId").GetString()!);
                }

                var doneAtKill = await Eventually.Get(
                    async () => await DoneAsync(client),
                    done => done >= 10,
                    TimeSpan.FromMinutes(1),
                    what: "the first erasures done");
                await silo.KillAsync();
                TestContext.Current.TestOutputHelper?.WriteLine($"killed with {doneAtKill} of {Erased} erasures done");
            }

            await silo.DisposeAsync();
            silo = await SiloProcess.StartAsync(directory.Path, directory.SqliteConnectionString, Tenant, ApiKey);
            using var restarted = Client(silo);
            await Eventually.Get(() => DoneAsync(restarted), done => done == Erased, TimeSpan.FromMinutes(2), what: "every erasure done after the restart");

            foreach (var erasureId in erasureIds)
            {
                var erasure = await (await restarted.GetAsync($"/api/v1/erasures/{erasureId}", Ct)).Json();
                Assert.Equal(2, erasure.GetProperty("counts").GetProperty("eventLog").GetInt64());
            }

            for (var n = 0; n < Customers; n++)
            {
                var response = await restarted.GetAsync($"/api/v1/customers/{Id(n)}", Ct);
                if (n < Erased)
                {
                    Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
                }
                else
                {
                    Assert.Equal(2, (await response.Json()).GetProperty("orders").GetInt32());
                }
            }
        }
        finally
        {
            await silo.DisposeAsync();
        }

        var found = await StoreScan.SqliteAsync(directory.SqliteConnectionString, [.. Enumerable.Range(0, Erased).Select(Id)]);
        Assert.True(found.Count == 0, $"erased ids found in {string.Join(", ", found)}");
    }

    /// <summary>How many of the tenant's erasures are done.</summary>
    private static async Task<int> DoneAsync(HttpClient client)
    {
        var audit = JsonDocument.Parse(await client.GetStringAsync("/api/v1/erasures?status=done&limit=1000", Ct)).RootElement;
        return audit.GetProperty("items").GetArrayLength();
    }

    /// <summary>Customer ids that are no part of one another (ec-c007 is not inside ec-c0070).</summary>
    private static string Id(int n) => $"ec-c{n:D4}x";

    private static object Order(string id, string customerId, DateTimeOffset at) => Body.Order(id, customerId, id, 25m, at);

    private static HttpClient Client(SiloProcess silo)
    {
        var client = new HttpClient { BaseAddress = silo.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }
}
