using System.Text.Json;
using LifecycleActors.Abstractions;
using LifecycleActors.Silo.Privacy;
using LifecycleActors.Storage;
using LifecycleActors.Tests.Shared;
using LifecycleActors.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LifecycleActors.Api.Tests.Privacy;

/// <summary>
/// Retention end to end on both storage engines (ADR 0017): with <c>Lifecycle:Retention:EventDays</c> set, a
/// customer's events older than that leave the log once its snapshot holds them; the customer, the KPIs and the
/// cohorts read as before, the timeline says that earlier history is summarised, and the customer goes on correctly
/// with a new order and after its activation is collected and it is loaded again.
/// </summary>
public sealed class RetentionTests(TestPostgres postgres) : IClassFixture<TestPostgres>
{
    private const string Customer = "ret-c1";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task On_SQLite_old_events_are_summarised_and_nothing_a_user_reads_changes()
    {
        await using var host = new Host([]);
        await host.InitializeAsync();
        await SummariseAndCheckAsync(host);
    }

    [Fact]
    public async Task On_PostgreSQL_old_events_are_summarised_and_nothing_a_user_reads_changes()
    {
        var database = await postgres.CreateDatabaseAsync();
        await using var host = new Host(["--Storage:Provider", StorageOptions.Postgres, "--ConnectionStrings:Lifecycle", database]);
        await host.InitializeAsync();
        await SummariseAndCheckAsync(host);
    }

    private static async Task SummariseAndCheckAsync(Host host)
    {
        using var client = host.Client();
        var now = DateTimeOffset.UtcNow;
        var posted = await client.PostEventsAcceptedAsync([
            Body.Order("ret-e1", Customer, "ret-o1", 120m, now.AddDays(-200)),
            Body.Order("ret-e2", Customer, "ret-o2", 80m, now.AddDays(-100)),
            Body.Event("ret-e3", Customer, "nps_response", now.AddDays(-90), new { score = 9 }),
            Body.Event("ret-e4", Customer, "visit", now.AddDays(-60), new { path = "/shoes" }),
            Body.Order("ret-e5", Customer, "ret-o3", 40m, now.AddDays(-10))]);
        Assert.Equal(5, (await posted.Json()).GetProperty("accepted").GetInt32());
        await Eventually.Get(
            async () => await (await client.GetAsync($"/api/v1/customers/{Customer}", Ct)).Json(),
            c => c.TryGetProperty("eventsApplied", out var n) && n.GetInt32() == 5,
            what: "the customer's five events applied");
        var grains = host.App.Services.GetRequiredService<IGrainFactory>();
        await grains.GetGrain<ICustomerGrain>(CustomerKey.Of("shop-a", Customer)).CatchUpAsync();
        var profile = await ProfileAsync(client);
        var kpis = await KpisAsync(client);

        // The events older than 30 days go once the snapshot's position has reached the read model and the KPI
        // store and the logged counts have read them; until then a pass removes nothing.
        var retention = host.App.Services.GetRequiredService<RetentionRunner>();
        await Eventually.Get(() => retention.PassAsync(Ct), removed => removed == 4, what: "the four old events summarised");

        Assert.Equal(profile, await ProfileAsync(client));
        Assert.Equal(kpis, await KpisAsync(client));
        var timeline = await (await client.GetAsync($"/api/v1/customers/{Customer}/timeline?limit=50", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains("\"history_summary\"", timeline, StringComparison.Ordinal);
        Assert.Contains("ret-e5", timeline, StringComparison.Ordinal);
        Assert.DoesNotContain("ret-e1", timeline, StringComparison.Ordinal);

        // A new order lands on top of the summarised past, here and after the activation is collected and loaded again.
        await client.PostAsync("/api/v1/events", Body.Of(Body.Order("ret-e6", Customer, "ret-o4", 60m, now.AddDays(-1))), Ct);
        var after = await Eventually.Get(
            async () => await (await client.GetAsync($"/api/v1/customers/{Customer}", Ct)).Json(),
            c => c.GetProperty("eventsApplied").GetInt32() == 6,
            what: "the new order applied");
        Assert.Equal((4, 300m), (after.GetProperty("orders").GetInt32(), after.GetProperty("netSpend").GetDecimal()));
        await grains.GetGrain<ICustomerGrain>(CustomerKey.Of("shop-a", Customer)).SnapshotIfDirtyAsync();
        await grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await grains.GetGrain<ICustomerGrain>(CustomerKey.Of("shop-a", Customer)).CatchUpAsync();
        var reloaded = await (await client.GetAsync($"/api/v1/customers/{Customer}", Ct)).Json();
        Assert.Equal((4, 300m, 6), (reloaded.GetProperty("orders").GetInt32(), reloaded.GetProperty("netSpend").GetDecimal(), reloaded.GetProperty("eventsApplied").GetInt32()));
    }

    /// <summary>The customer as the API shows it, without the instant of its last update.</summary>
    private static async Task<string> ProfileAsync(HttpClient client)
    {
        var profile = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(await (await client.GetAsync($"/api/v1/customers/{Customer}", Ct)).Content.ReadAsStringAsync(Ct))!;
        profile.Remove("updatedAt");
        Assert.Equal(3, profile["orders"].GetInt32());
        return JsonSerializer.Serialize(profile);
    }

    /// <summary>A year of months and the cohorts, once nothing is pending.</summary>
    private static async Task<string> KpisAsync(HttpClient client)
    {
        var months = await Eventually.Get(
            async () => await (await client.GetAsync("/api/v1/kpis?interval=month", Ct)).Json(),
            k => k.GetProperty("pending").GetInt64() == 0,
            what: "the KPIs with nothing pending");
        var cohorts = await (await client.GetAsync("/api/v1/cohorts", Ct)).Json();
        Assert.Contains(months.GetProperty("periods").EnumerateArray(), p => p.GetProperty("orders").GetInt32() > 0);
        return months.GetProperty("periods").GetRawText() + cohorts.GetProperty("cohorts").GetRawText();
    }

    /// <summary>A silo that keeps events for 30 days and runs its own retention passes only when the test calls them.</summary>
    private sealed class Host(IEnumerable<string> arguments) : ApiHost
    {
        protected override IEnumerable<string> Arguments =>
            [.. arguments, "--Lifecycle:Retention:EventDays", "30", "--Lifecycle:Retention:Interval", "1.00:00:00"];
    }
}
