using System.Globalization;
using LifecycleActors.Silo.Hosting;
using LifecycleActors.Storage;
using LifecycleActors.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace LifecycleActors.Cluster.Tests;

public sealed class GracefulShutdownTests
{
    private const string Key = "shutdown-key-0123456789";

    [Fact]
    public async Task A_graceful_stop_writes_every_changed_customer_snapshot()
    {
        using var directory = new TempDirectory();
        var app = await SiloApp.BuildAsync(
        [
            "--urls", "http://127.0.0.1:0",
            "--ConnectionStrings:Lifecycle", directory.SqliteConnectionString,
            "--Lifecycle:Tenants:0:Id", "shop",
            "--Lifecycle:Tenants:0:ApiKey", Key,
            "--Orleans:Endpoints:SiloPort", FreePort.Next().ToString(CultureInfo.InvariantCulture),
            "--Orleans:Endpoints:GatewayPort", FreePort.Next().ToString(CultureInfo.InvariantCulture),
            "--Logging:LogLevel:Default", "Warning",
        ]);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using (var client = new HttpClient { BaseAddress = new Uri(address) })
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", Key);
            await client.PostAsync("/api/v1/events", Body.Of(
                Body.Order("g-1", "g-c1", "o-1", 10m),
                Body.Order("g-2", "g-c2", "o-1", 20m),
                Body.Event("g-3", "g-c3", "visit")), TestContext.Current.CancellationToken);
            await Eventually.Get(
                async () => await (await client.GetAsync("/api/v1/stats", TestContext.Current.CancellationToken)).Json(),
                s => s.GetProperty("eventsApplied").GetInt64() == 3,
                what: "events applied");
        }

        await app.StopAsync(TestContext.Current.CancellationToken);
        await app.DisposeAsync();

        // Snapshot intervals are minutes long; only the shutdown can have written these.
        var files = SqliteFiles.From(directory.SqliteConnectionString);
        await using var connection = new SqliteConnection(files.ReadModel);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT customer_id, applied_position, snapshot_position FROM customers ORDER BY customer_id";
        var rows = new List<(string Customer, long Applied, long Snapshot)>();
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            rows.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
        }

        Assert.Equal(["g-c1", "g-c2", "g-c3"], rows.Select(r => r.Customer));
        Assert.All(rows, r => Assert.True(r.Snapshot > 0 && r.Snapshot == r.Applied, $"{r.Customer}: applied {r.Applied}, snapshot {r.Snapshot}"));
    }
}
