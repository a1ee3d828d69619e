using System.Text.Json;
using LifecycleActors.Abstractions;
using LifecycleActors.Rules;
using LifecycleActors.Rules.Kpis;
using LifecycleActors.Storage.Kpis;
using LifecycleActors.Storage.Tests.Support;
using LifecycleActors.Tests.Shared;
using static LifecycleActors.Storage.Tests.Support.Events;

namespace LifecycleActors.Storage.Tests;

public sealed class SqliteKpiStoreTests() : KpiStoreContract(new SqliteEngine());

public sealed class PostgresKpiStoreTests(TestPostgres server) : KpiStoreContract(new PostgresEngine(server));

/// <summary>
/// The KPI store (ADR 0014) kept up to date from the log and the transitions gives the same figures and cohorts as the
/// arithmetic over the whole history, after late orders, later refunds, a linked anonymous id, two silos catching up
/// at once and a change of time zone, whatever the engine.
/// </summary>
public abstract class KpiStoreContract(IStorageEngine engine)
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly DateOnly From = new(2025, 12, 1);
    private static readonly DateOnly To = new(2026, 6, 30);
    private static readonly DateTimeOffset AsOf = new(2026, 6, 15, 0, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_sums_give_the_figures_of_the_whole_history_and_follow_late_orders_refunds_and_links()
    {
        await using var storage = await engine.CreateAsync();
        await storage.Log.AppendAsync("shop", [
            Order("o1", "c-1", "ord-1", 100m, Start),
            Order("o2", "c-1", "ord-2", 40m, Start.AddDays(35)),
            Order("o3", "c-2", "ord-3", 60m, Start.AddDays(40)),
            Nps("n1", "c-2", 10, Start.AddDays(41)),
            AnonymousVisit("v1", "anon-1", Start.AddDays(-20)),
            Order("o4", "anon-1", "ord-4", 25m, Start.AddDays(-19)),
        ], Ct);
        await storage.Log.AppendAsync("other", [Order("o1", "c-1", "ord-9", 999m, Start)], Ct);
        storage.Writer.Enqueue([Stage("c-1", "prospect", "one_time", Start, 1), Stage("c-1", "one_time", "repeat", Start.AddDays(35), 2)]);
        await storage.Writer.FlushAsync(Ct);

        await CatchUpAsync(storage.Kpis, Berlin);
        await AssertLikeTheWholeHistoryAsync(storage, Berlin);

        // A late order before c-2's first one, a refund of c-1's first order, c-1 lapsing, anon-1 turning out to be c-2.
        await storage.Log.AppendAsync("shop", [
            Order("o5", "c-2", "ord-5", 80m, Start.AddDays(-45)),
            Refund("r1", "c-1", "ord-1", 30m, Start.AddDays(90)),
            Identify("i1", "anon-1", "c-2", Start.AddDays(50)),
        ], Ct);
        storage.Writer.Enqueue([Stage("c-1", "repeat", "lapsed", Start.AddDays(100), 3)]);
        await storage.Writer.FlushAsync(Ct);

        await CatchUpAsync(storage.Kpis, Berlin);
        var (figures, cohorts) = await AssertLikeTheWholeHistoryAsync(storage, Berlin);
        var march = figures.Single(f => f.Period == new DateOnly(2026, 3, 1));
        Assert.Equal((1, 70m), (march.Orders, march.Revenue));
        // anon-1's February order is now c-2's, whose late order makes it a January customer: no February cohort.
        Assert.Equal([(new DateOnly(2026, 1, 1), 1), (new DateOnly(2026, 3, 1), 1)], cohorts.Select(c => (c.Month, c.Customers)));
    }

    [Fact]
    public async Task A_visit_recomputes_its_customer_only_when_it_is_the_customers_earliest_entry()
    {
        await using var storage = await engine.CreateAsync();
        await storage.Log.AppendAsync("shop", [Order("o1", "c-1", "ord-1", 50m, Start), Visit("v1", "c-1", Start)], Ct);
        await CatchUpAsync(storage.Kpis, Berlin);

        // Later visits and a visit at the same time as the first order change nothing the KPIs read.
        await storage.Log.AppendAsync("shop", [Visit("v2", "c-1", Start.AddDays(3)), Visit("v3", "c-1", Start), Review("r1", "c-1", 5)], Ct);
        Assert.Equal(0, await storage.Kpis.CatchUpAsync(_ => Berlin, TimeSpan.FromSeconds(10), Ct));
        await AssertLikeTheWholeHistoryAsync(storage, Berlin);

        // A visit before the first order moves the day c-1 joins the stage mix (into February, the mix at its end); a new customer whose
        // first two entries share their time is counted once, from then.
        await storage.Log.AppendAsync("shop", [Visit("v4", "c-1", Start.AddDays(-20)), Visit("v5", "c-2", Start.AddDays(5)), Visit("v6", "c-2", Start.AddDays(5))], Ct);
        Assert.Equal(2, await storage.Kpis.CatchUpAsync(_ => Berlin, TimeSpan.FromSeconds(10), Ct));
        var (figures, _) = await AssertLikeTheWholeHistoryAsync(storage, Berlin);
        Assert.Equal(1, figures.Single(f => f.Period == new DateOnly(2026, 2, 1)).Stages.Values.Sum());
        Assert.Equal(2, figures.Single(f => f.Period == new DateOnly(2026, 3, 1)).Stages.Values.Sum());
    }

    [Fact]
    public async Task Two_silos_catching_up_at_once_count_every_customer_once()
    {
        await using var storage = await engine.CreateAsync();
        var random = new Random(11);
        for (var page = 0; page < 4; page++)
        {
            var events = Enumerable.Range(0, 250).Select(i =>
            {
                var customer = $"c-{random.Next(600)}";
                var at = Start.AddDays(random.Next(-120, 100)).AddHours(random.Next(24));
                return random.Next(5) == 0
                    ? Nps($"n-{page}-{i}", customer, random.Next(11), at)
                    : Order($"o-{page}-{i}", customer, $"ord-{random.Next(3000)}", random.Next(100, 20000) / 100m, at);
            });
            await storage.Log.AppendAsync("shop", [.. events], Ct);
        }

        var other = storage.OtherSilosKpis();
        await Task.WhenAll(CatchUpAsync(storage.Kpis, Berlin), CatchUpAsync(other, Berlin));

        await AssertLikeTheWholeHistoryAsync(storage, Berlin);
    }

    [Fact]
    public async Task Another_time_zone_rebuilds_the_tenants_cells()
    {
        await using var storage = await engine.CreateAsync();
        // 23:30 UTC on the last day of a month: the next month in Berlin.
        await storage.Log.AppendAsync("shop", [
            Order("o1", "c-1", "ord-1", 10m, new DateTimeOffset(2026, 1, 31, 23, 30, 0, TimeSpan.Zero)),
            Order("o2", "c-2", "ord-2", 20m, new DateTimeOffset(2026, 2, 10, 12, 0, 0, TimeSpan.Zero)),
        ], Ct);

        await CatchUpAsync(storage.Kpis, TimeZoneInfo.Utc);
        var (utc, _) = await AssertLikeTheWholeHistoryAsync(storage, TimeZoneInfo.Utc);
        await CatchUpAsync(storage.Kpis, Berlin);
        var (berlin, _) = await AssertLikeTheWholeHistoryAsync(storage, Berlin);

        Assert.Equal(1, utc.Single(f => f.Period == new DateOnly(2026, 1, 1)).Orders);
        Assert.Equal(0, berlin.Single(f => f.Period == new DateOnly(2026, 1, 1)).Orders);
    }

    /// <summary>Catches up until nothing is pending.</summary>
    private static async Task CatchUpAsync(IKpiStore store, TimeZoneInfo zone)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        do
        {
            await store.CatchUpAsync(_ => zone, TimeSpan.FromSeconds(10), Ct);
        }
        while ((await store.ReadTotalsAsync("shop", Ct)).Pending > 0 && DateTime.UtcNow < deadline);
    }

    private static async Task<(IReadOnlyList<KpiFigures> Figures, IReadOnlyList<Cohort> Cohorts)> AssertLikeTheWholeHistoryAsync(StorageUnderTest storage, TimeZoneInfo zone)
    {
        var (totals, pending) = await storage.Kpis.ReadTotalsAsync("shop", Ct);
        var history = await storage.Kpis.ReadKpiHistoryAsync("shop", Ct);
        var rules = new RuleOptions();

        var figures = totals.Figures(From, To, KpiInterval.Month, zone, rules);
        Assert.Equal(0, pending);
        Assert.Equal(KpiCalculator.Compute(history, From, To, KpiInterval.Month, zone, rules).Select(Json), figures.Select(Json));
        Assert.Equal(
            KpiCalculator.Compute(history, new DateOnly(2026, 2, 20), new DateOnly(2026, 3, 10), KpiInterval.Day, zone, rules).Select(Json),
            totals.Figures(new DateOnly(2026, 2, 20), new DateOnly(2026, 3, 10), KpiInterval.Day, zone, rules).Select(Json));
        var cohorts = totals.Cohorts(AsOf, zone);
        Assert.Equal(CohortRetention.Compute(history.Orders, AsOf, zone).Select(Json), cohorts.Select(Json));
        Assert.Contains(figures, f => f.Orders > 0);
        return (figures, cohorts);
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);
}
