using System.Net;
using LifecycleActors.Abstractions;
using LifecycleActors.Storage.Erasure;
using LifecycleActors.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace LifecycleActors.Api.Tests.Privacy;

/// <summary>
/// A backup taken before an erasure and restored, with the live tombstones loaded into it as the README says: the
/// silo that starts on it erases the customer again by itself (ADR 0016, Backups), so no table holds it afterwards,
/// while a customer never erased keeps everything.
/// </summary>
public sealed class RestoreTests
{
    private const string Customer = "restore-c1";
    private const string Kept = "restore-keep";
    private static readonly string[] Files = ["lifecycle.db", "lifecycle-read.db", "lifecycle-grains.db"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_restored_backup_from_before_an_erasure_is_erased_again_when_the_silo_starts()
    {
        using var live = new TempDirectory();
        using var backup = new TempDirectory();
        using var restored = new TempDirectory();
        var now = DateTimeOffset.UtcNow;
        await using (var host = new Host(live.Path))
        {
            await host.InitializeAsync();
            using var client = host.Client();
            await client.PostAsync("/api/v1/events", Body.Of(
                Body.Order("restore-e1", Customer, "restore-o1", 30m, now.AddDays(-20)),
                Body.Order("restore-e2", Customer, "restore-o2", 50m, now.AddDays(-2)),
                Body.Order("restore-e3", Kept, "restore-o3", 70m, now.AddDays(-3))), Ct);
            await Eventually.Get(
                async () => await (await client.GetAsync($"/api/v1/customers/{Customer}", Ct)).Json(),
                c => c.TryGetProperty("eventsApplied", out var n) && n.GetInt32() == 2,
                what: "the customer's orders applied");
            var grains = host.App.Services.GetRequiredService<IGrainFactory>();
            await grains.GetGrain<ICustomerGrain>(CustomerKey.Of("shop-a", Customer)).CatchUpAsync();
            await grains.GetGrain<ICustomerGrain>(CustomerKey.Of("shop-a", Kept)).CatchUpAsync();

            // The backup, taken the way SQLite takes one from a running service.
            foreach (var file in Files)
            {
                await ExecuteAsync(Path.Combine(live.Path, file), $"VACUUM INTO '{Path.Combine(backup.Path, file)}'");
            }

            var erasureId = (await (await client.DeleteAsync($"/api/v1/customers/{Customer}", Ct)).Json()).GetProperty("erasureId").GetString();
            await Eventually.Get(
                async () => await (await client.GetAsync($"/api/v1/erasures/{erasureId}", Ct)).Content.ReadAsStringAsync(Ct),
                body => body.Contains("\"status\":\"done\"", StringComparison.Ordinal),
                TimeSpan.FromSeconds(30),
                what: "the erasure done");
        }

        // The restore: the backup's files, and the live database's tombstones loaded into the restored log.
        foreach (var file in Files)
        {
            File.Copy(Path.Combine(backup.Path, file), Path.Combine(restored.Path, file));
        }

        await ExecuteAsync(Path.Combine(restored.Path, "lifecycle.db"), $"""
            ATTACH DATABASE '{Path.Combine(live.Path, "lifecycle.db")}' AS live;
            INSERT INTO tombstone_salts (tenant, salt) SELECT tenant, salt FROM live.tombstone_salts WHERE true ON CONFLICT (tenant) DO NOTHING;
            INSERT INTO erased_ids (tenant, id_hash, erased_before) SELECT tenant, id_hash, erased_before FROM live.erased_ids WHERE true
              ON CONFLICT (tenant, id_hash) DO UPDATE SET erased_before = max(erased_before, excluded.erased_before);
            """);
        Assert.Contains("event_log.customer_id", await StoreScan.SqliteAsync($"Data Source={Path.Combine(restored.Path, "lifecycle.db")}", [Customer]));

        await using (var host = new Host(restored.Path))
        {
            await host.InitializeAsync();
            using var client = host.Client();
            var again = await Eventually.Get(
                async () => await (await client.GetAsync("/api/v1/erasures?status=done", Ct)).Content.ReadAsStringAsync(Ct),
                body => body.Contains($"\"requestedBy\":\"{ErasureRecord.RequestedByRestore}\"", StringComparison.Ordinal),
                TimeSpan.FromSeconds(60),
                what: "the erasure applied again");
            Assert.DoesNotContain(Customer, again, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/customers/{Customer}", Ct)).StatusCode);
            var kept = await (await client.GetAsync($"/api/v1/customers/{Kept}", Ct)).Json();
            Assert.Equal(1, kept.GetProperty("orders").GetInt32());
        }

        Assert.Empty(await StoreScan.SqliteAsync($"Data Source={Path.Combine(restored.Path, "lifecycle.db")}", [Customer, "restore-e1", "restore-e2"]));
    }

    private static async Task ExecuteAsync(string file, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Ct);
    }

    /// <summary>A silo on the SQLite files of <paramref name="directory"/>.</summary>
    private sealed class Host(string directory) : ApiHost
    {
        protected override IEnumerable<string> Arguments =>
            ["--ConnectionStrings:Lifecycle", $"Data Source={Path.Combine(directory, "lifecycle.db")};Pooling=False;Default Timeout=30"];
    }
}
