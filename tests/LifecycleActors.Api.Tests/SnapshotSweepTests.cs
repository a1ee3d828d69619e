using LifecycleActors.Grains;
using LifecycleActors.Storage;
using LifecycleActors.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace LifecycleActors.Api.Tests;

/// <summary>The silo's sweep writes the snapshot of a customer that stays active with unsaved changes, with no timer of its own.</summary>
public sealed class SnapshotSweepTests(SnapshotSweepTests.Host host) : IClassFixture<SnapshotSweepTests.Host>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_active_customer_with_unsaved_changes_is_snapshotted_once_the_interval_has_passed()
    {
        using var client = host.Client();
        await client.PostAsync("/api/v1/events", Body.Of(Body.Order("sweep-1", "sweep-c1", "o-1", 10m)), Ct);
        await Eventually.Found(client, "/api/v1/customers/sweep-c1", "the event applied");
        Assert.Equal(0, await StoredSnapshotsAsync("sweep-c1"));

        await Eventually.Get(() => StoredSnapshotsAsync("sweep-c1"), n => n == 1, timeout: TimeSpan.FromSeconds(40), what: "the snapshot written by the sweep");
        Assert.Contains("shop-a/sweep-c1", host.App.Services.GetRequiredService<ActiveCustomers>().All());
        Assert.DoesNotContain("shop-a/sweep-c1", host.App.Services.GetRequiredService<ActiveCustomers>().DirtySince(DateTimeOffset.MaxValue));
    }

    private async Task<long> StoredSnapshotsAsync(string customerId)
    {
        await using var grains = new SqliteConnection(SqliteFiles.From(host.SqliteConnectionString).Grains);
        await grains.OpenAsync(Ct);
        await using var count = grains.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM grain_state WHERE state_name = 'customer' AND key_text LIKE '%/' || $customer";
        count.Parameters.AddWithValue("$customer", customerId);
        return (long)(await count.ExecuteScalarAsync(Ct))!;
    }

    /// <summary>Snapshots after 5 s of unsaved changes (the sweep looks every 0.5 s); customers stay active.</summary>
    public sealed class Host : ApiHost
    {
        protected override IEnumerable<string> Arguments => ["--Lifecycle:Snapshots:Interval", "00:00:05"];
    }
}
