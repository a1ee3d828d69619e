using LifecycleActors.Storage.Connectors;
using LifecycleActors.Storage.Tests.Support;
using LifecycleActors.Tests.Shared;

namespace LifecycleActors.Storage.Tests;

public sealed class SqliteConnectorStoreTests() : ConnectorStoreContract(new SqliteConnectorEngine());

public sealed class PostgresConnectorStoreTests(TestPostgres server) : ConnectorStoreContract(new PostgresConnectorEngine(server));

/// <summary>What every connector store guarantees, whatever the engine: the connectors, their counts and last errors.</summary>
public abstract partial class ConnectorStoreContract(IConnectorStoreEngine engine)
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly string[] Tables =
        ["connectors", "connector_counts", "connector_errors", "tenant_salts", "connector_orders", "connector_parked", "privacy_requests"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_fresh_database_has_every_connector_table_empty()
    {
        await using var storage = await engine.CreateAsync();
        await using var connection = await storage.Database.OpenConnectionAsync(Ct);

        foreach (var table in Tables)
        {
            // The names are this test's constants.
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM {table}";
            Assert.Equal(0L, Convert.ToInt64(await command.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task A_connector_id_is_taken_once_across_tenants_and_comes_back_as_stored()
    {
        await using var storage = await engine.CreateAsync();
        var connector = Connector("shop", "k1");

        Assert.True(await storage.Store.CreateAsync(connector, Ct));
        Assert.False(await storage.Store.CreateAsync(Connector("shop", "k1") with { Secret = "other" }, Ct));
        Assert.False(await storage.Store.CreateAsync(Connector("other", "k1"), Ct));

        Assert.Equal(connector, await storage.Store.ConnectorAsync("k1", Ct));
        Assert.Null(await storage.Store.ConnectorAsync("k2", Ct));
    }

    [Fact]
    public async Task Connectors_are_listed_by_id_per_tenant_or_all()
    {
        await using var storage = await engine.CreateAsync();
        foreach (var (tenant, id) in new[] { ("shop", "k3"), ("other", "k2"), ("shop", "k1") })
        {
            await storage.Store.CreateAsync(Connector(tenant, id), Ct);
        }

        Assert.Equal(["k1", "k3"], (await storage.Store.ConnectorsAsync("shop", Ct)).Select(c => c.ConnectorId));
        Assert.Equal(["k2"], (await storage.Store.ConnectorsAsync("other", Ct)).Select(c => c.ConnectorId));
        Assert.Equal(["k1", "k2", "k3"], (await storage.Store.ConnectorsAsync(null, Ct)).Select(c => c.ConnectorId));
        Assert.Empty(await storage.Store.ConnectorsAsync("nobody", Ct));
    }

    [Fact]
    public async Task Only_the_owning_tenant_deletes_a_connector_and_its_counts_and_errors_go_with_it()
    {
        await using var storage = await engine.CreateAsync();
        await storage.Store.CreateAsync(Connector("shop", "k1"), Ct);
        await storage.Store.RecordAsync(Refused("shop", "k1", Start, "e1"), Ct);

        Assert.False(await storage.Store.DeleteAsync("other", "k1", Ct));
        Assert.NotNull(await storage.Store.ConnectorAsync("k1", Ct));
        Assert.True(await storage.Store.DeleteAsync("shop", "k1", Ct));
        Assert.False(await storage.Store.DeleteAsync("shop", "k1", Ct));

        Assert.Null(await storage.Store.ConnectorAsync("k1", Ct));
        Assert.Equal(ConnectorCounts.None, await storage.Store.CountsAsync("shop", "k1", Ct));
        Assert.Empty(await storage.Store.LastErrorsAsync("shop", "k1", 20, Ct));
    }

    [Fact]
    public async Task Only_the_owning_tenant_replaces_a_secret()
    {
        await using var storage = await engine.CreateAsync();
        await storage.Store.CreateAsync(Connector("shop", "k1"), Ct);
        var later = Start.AddHours(1);

        Assert.False(await storage.Store.SetSecretAsync("other", "k1", "stolen", later, Ct));
        Assert.False(await storage.Store.SetSecretAsync("shop", "k2", "new", later, Ct));
        Assert.True(await storage.Store.SetSecretAsync("shop", "k1", "new", later, Ct));

        Assert.Equal(Connector("shop", "k1") with { Secret = "new", UpdatedAt = later }, await storage.Store.ConnectorAsync("k1", Ct));
    }

    [Fact]
    public async Task Counts_of_concurrent_webhooks_add_up_and_keep_the_latest_time()
    {
        await using var storage = await engine.CreateAsync();
        await storage.Store.CreateAsync(Connector("shop", "k1"), Ct);
        var silo2 = storage.AnotherSilo();
        Assert.Equal(ConnectorCounts.None, await storage.Store.CountsAsync("shop", "k1", Ct));

        // 50 webhooks at once from two silos: 20 accepted (2 new events, 1 duplicate), 10 ignored, 10 rejected, 10 unauthorized.
        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => (i % 2 == 0 ? storage.Store : silo2).RecordAsync(
            (i % 5) switch
            {
                0 => Refused("shop", "k1", Start.AddSeconds(i), $"e{i}"),
                1 => Refused("shop", "k1", Start.AddSeconds(i), $"e{i}") with { Rejected = false, Unauthorized = true },
                2 => Webhook("shop", "k1", Start.AddSeconds(i)) with { Ignored = true },
                _ => Webhook("shop", "k1", Start.AddSeconds(i)) with { Accepted = 2, Duplicates = 1 },
            },
            Ct)));

        Assert.Equal(new ConnectorCounts(50, 40, 20, 10, 10, 10, Start.AddSeconds(49)), await storage.Store.CountsAsync("shop", "k1", Ct));
        Assert.Equal(ConnectorCounts.None, await storage.Store.CountsAsync("other", "k1", Ct));
    }

    [Fact]
    public async Task A_configured_connector_without_a_row_is_counted_apart_from_another_tenants_connector_of_the_same_id()
    {
        await using var storage = await engine.CreateAsync();
        await storage.Store.CreateAsync(Connector("shop", "k1"), Ct);

        await storage.Store.RecordAsync(Refused("other", "k1", Start, "e1"), Ct);
        await storage.Store.RecordAsync(Webhook("shop", "configured", Start), Ct);

        Assert.Equal(ConnectorCounts.None, await storage.Store.CountsAsync("shop", "k1", Ct));
        Assert.Equal((1L, 1L), ((await storage.Store.CountsAsync("other", "k1", Ct)).Received, (await storage.Store.CountsAsync("other", "k1", Ct)).Rejected));
        Assert.Equal(1L, (await storage.Store.CountsAsync("shop", "configured", Ct)).Received);
        Assert.Single(await storage.Store.LastErrorsAsync("other", "k1", 20, Ct));
        Assert.Empty(await storage.Store.LastErrorsAsync("shop", "k1", 20, Ct));
    }

    [Fact]
    public async Task The_newest_twenty_errors_are_kept_and_listed_newest_first()
    {
        await using var storage = await engine.CreateAsync();
        await storage.Store.CreateAsync(Connector("shop", "k1"), Ct);
        await storage.Store.CreateAsync(Connector("shop", "k2"), Ct);
        await storage.Store.RecordAsync(Refused("shop", "k2", Start, "other connector"), Ct);

        // Two refusals in the same instant keep the order they were recorded in.
        for (var i = 0; i < 25; i++)
        {
            await storage.Store.RecordAsync(Refused("shop", "k1", Start.AddSeconds(i), $"e{i}"), Ct);
            await storage.Store.RecordAsync(Webhook("shop", "k1", Start.AddSeconds(i)), Ct);
        }

        await storage.Store.RecordAsync(Refused("shop", "k1", Start.AddSeconds(24), "e24b"), Ct);

        var errors = await storage.Store.LastErrorsAsync("shop", "k1", 100, Ct);
        Assert.Equal(["e24b", .. Enumerable.Range(6, 19).Reverse().Select(i => $"e{i}")], errors.Select(e => e.Error));
        Assert.Equal(new ConnectorError(Start.AddSeconds(23), "orders/create", 422, "line_items", "e23"), errors[2]);
        Assert.Equal(["e24b", "e24", "e23"], (await storage.Store.LastErrorsAsync("shop", "k1", 3, Ct)).Select(e => e.Error));
        Assert.Equal(["other connector"], (await storage.Store.LastErrorsAsync("shop", "k2", 20, Ct)).Select(e => e.Error));
    }

    private static StoredConnector Connector(string tenant, string id) =>
        new(tenant, id, "shopify", $"secret-{id}", "platform-id", Start, Start.AddMinutes(1));

    private static ConnectorWebhookOutcome Webhook(string tenant, string id, DateTimeOffset at) =>
        new(tenant, id, at, 0, 0, false, false, false);

    private static ConnectorWebhookOutcome Refused(string tenant, string id, DateTimeOffset at, string error) =>
        Webhook(tenant, id, at) with { Rejected = true, Error = new ConnectorError(at, "orders/create", 422, "line_items", error) };
}
