using LifecycleActors.Silo.Hosting;
using LifecycleActors.Storage;
using LifecycleActors.Tests.Support;
using Microsoft.Data.Sqlite;

namespace LifecycleActors.Api.Tests;

/// <summary>
/// The customers' batched grain storage (ADR 0018) keeps the rows Orleans' ADO.NET provider kept: a snapshot row as a
/// database from before it holds one (key columns 0, 0 and "tenant/customer", the version as etag) is read as the
/// customer's state, and the next snapshot updates that same row from its version.
/// </summary>
public sealed class CustomerSnapshotRowsTests(SnapshotSweepTests.Host host) : IClassFixture<SnapshotSweepTests.Host>
{
    private const int OldVersion = 41;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_snapshot_row_stored_as_before_is_the_customers_state_and_its_next_snapshot_follows_its_version()
    {
        using var client = host.Client();
        await client.PostAsync("/api/v1/events", Body.Of(Body.Order("rows-1", "rows-a", "o-1", 10m), Body.Order("rows-2", "rows-a", "o-2", 15m)), Ct);
        var (payload, _) = await Eventually.Get(() => RowAsync("shop-a/rows-a"), r => r.Payload is not null, timeout: TimeSpan.FromSeconds(40), what: "rows-a's snapshot");

        // rows-b has nothing in the log: whatever it shows comes from the row.
        await InsertRowAsync("shop-a/rows-b", payload!, OldVersion);
        var b = await (await client.GetAsync("/api/v1/customers/rows-b", Ct)).Json();
        Assert.Equal((2, 2, 25m), (b.GetProperty("eventsApplied").GetInt32(), b.GetProperty("orders").GetInt32(), b.GetProperty("netSpend").GetDecimal()));

        await client.PostAsync("/api/v1/events", Body.Of(Body.Order("rows-3", "rows-b", "o-3", 5m)), Ct);
        var (_, version) = await Eventually.Get(() => RowAsync("shop-a/rows-b"), r => r.Version > OldVersion, timeout: TimeSpan.FromSeconds(40), what: "rows-b's next snapshot");
        Assert.Equal(OldVersion + 1, version);
        var after = await (await client.GetAsync("/api/v1/customers/rows-b", Ct)).Json();
        Assert.Equal((3, 30m), (after.GetProperty("orders").GetInt32(), after.GetProperty("netSpend").GetDecimal()));
    }

    private SqliteConnection Grains() => new(SqliteFiles.From(host.SqliteConnectionString).Grains);

    private async Task<(byte[]? Payload, long Version)> RowAsync(string key)
    {
        await using var grains = Grains();
        await grains.OpenAsync(Ct);
        await using var read = grains.CreateCommand();
        read.CommandText = "SELECT payload, version FROM grain_state WHERE state_name = 'customer' AND key_text = $key";
        read.Parameters.AddWithValue("$key", key);
        await using var row = await read.ExecuteReaderAsync(Ct);
        return await row.ReadAsync(Ct) ? ((byte[])row.GetValue(0), row.GetInt64(1)) : (null, 0);
    }

    /// <summary>The row as Orleans' ADO.NET provider wrote it (the service id, the state name, key columns 0 and 0).</summary>
    private async Task InsertRowAsync(string key, byte[] payload, int version)
    {
        await using var grains = Grains();
        await grains.OpenAsync(Ct);
        await using var insert = grains.CreateCommand();
        insert.CommandText = """
            INSERT INTO grain_state (service_id, state_name, key_n0, key_n1, key_text, payload, version, updated_at)
            VALUES ($service, 'customer', 0, 0, $key, $payload, $version, '2026-01-01T00:00:00.000Z')
            """;
        insert.Parameters.AddWithValue("$service", LifecycleSiloConfiguration.ServiceId);
        insert.Parameters.AddWithValue("$key", key);
        insert.Parameters.AddWithValue("$payload", payload);
        insert.Parameters.AddWithValue("$version", version);
        await insert.ExecuteNonQueryAsync(Ct);
    }
}
