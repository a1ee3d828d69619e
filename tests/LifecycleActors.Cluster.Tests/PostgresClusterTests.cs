using System.Net;
using LifecycleActors.Tests.Shared;
using LifecycleActors.Tests.Support;
using Npgsql;

namespace LifecycleActors.Cluster.Tests;

/// <summary>
/// Real silo processes on one PostgreSQL database (<c>Storage:Provider=postgres</c>): two form one Orleans cluster
/// through the membership table, events sent to one are read through the other, and after both stop a new silo
/// answers from what they stored.
/// </summary>
public sealed class PostgresClusterTests(TestPostgres server) : IClassFixture<TestPostgres>
{
    private const string Tenant = "shop";
    private const string ApiKey = "cluster-test-key-0123456789";
    private const int Customers = 20;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_silos_form_one_cluster_and_customers_are_answered_after_a_restart()
    {
        var connectionString = await server.CreateDatabaseAsync();
        using var directory = new TempDirectory();
        await using var first = await StartAsync(directory, connectionString);
        await using var second = await StartAsync(directory, connectionString);
        Assert.Equal(2, await ActiveMembersAsync(connectionString));

        using (var client = Client(first))
        {
            var events = Enumerable.Range(0, Customers).SelectMany(i => new[]
            {
                Body.Order($"o-{i}", $"c-{i}", $"ord-{i}", 10m + i),
                Body.Event($"v-{i}", $"c-{i}", "visit"),
            }).ToArray();
            var response = await client.PostEventsAcceptedAsync(events, () => $"the silo's log ends:\n{first.LogTail()}");
            Assert.Equal(2 * Customers, (await response.Json()).GetProperty("accepted").GetInt32());
        }

        // Through the other silo: the grains answer wherever they live, and the projection is shared.
        using (var client = Client(second))
        {
            await AssertEveryCustomerAsync(client);
            await Eventually.Get(
                async () => (await (await client.GetAsync("/api/v1/stats", Ct)).Json()).GetProperty("eventsApplied").GetInt64(),
                applied => applied == 2 * Customers,
                what: "the shared projection counts every event");
        }

        await first.StopAsync();
        await second.StopAsync();
        Assert.Equal(0, await ActiveMembersAsync(connectionString));

        await using var restarted = await StartAsync(directory, connectionString);
        using (var client = Client(restarted))
        {
            await AssertEveryCustomerAsync(client);
        }
    }

    private static Task<SiloProcess> StartAsync(TempDirectory directory, string connectionString) =>
        SiloProcess.StartAsync(directory.Path, connectionString, Tenant, ApiKey, "--Storage:Provider", "postgres");

    private static HttpClient Client(SiloProcess silo)
    {
        var client = new HttpClient { BaseAddress = silo.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }

    private static async Task AssertEveryCustomerAsync(HttpClient client)
    {
        for (var i = 0; i < Customers; i++)
        {
            var customer = await Eventually.Get(
                async () =>
                {
                    var response = await client.GetAsync($"/api/v1/customers/c-{i}", Ct);
                    return response.StatusCode == HttpStatusCode.OK ? await response.Json() : default;
                },
                c => c.ValueKind == System.Text.Json.JsonValueKind.Object && c.GetProperty("eventsApplied").GetInt32() == 2,
                what: $"customer c-{i} has both its events");
            Assert.Equal((1, 10m + i, "one_time"), (customer.GetProperty("orders").GetInt32(), customer.GetProperty("netSpend").GetDecimal(), customer.GetProperty("stage").GetString()));
        }
    }

    private static async Task<long> ActiveMembersAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM orleans_membership WHERE status = 3", connection);
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }
}
