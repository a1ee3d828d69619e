using System.Text.Json;
using LifecycleActors.Abstractions;
using LifecycleActors.Rules;
using LifecycleActors.Rules.Kpis;
using LifecycleActors.Storage.Kpis;
using LifecycleActors.Storage.ReadModel;
using LifecycleActors.Storage.Retention;
using LifecycleActors.Storage.Tests.Support;
using LifecycleActors.Tests.Shared;
using static LifecycleActors.Storage.Tests.Support.Events;

namespace LifecycleActors.Storage.Tests;

public sealed class SqliteRetentionTests() : RetentionContract(new SqliteEngine());

public sealed class PostgresRetentionTests(TestPostgres server) : RetentionContract(new PostgresEngine(server));

/// <summary>
/// Retention (ADR 0017) on each engine: entries older than the cutoff that a snapshot holds are replaced by one summary
/// per customer, entries a snapshot does not hold stay, the KPIs (stored and recomputed from the log) and campaign
/// inputs do not change, a later pass merges into the summary, and another tenant is untouched.
/// </summary>
public abstract class RetentionContract(IStorageEngine engine)
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly DateOnly From = new(2024, 6, 1);
    private static readonly DateOnly To = new(2026, 6, 30);
    private static readonly DateTimeOffset Cutoff = Start.AddDays(-100);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Old_entries_a_snapshot_holds_become_one_summary_and_the_kpis_do_not_change()
    {
        await using var storage = await engine.CreateAsync();
        var log = storage.Log;
        await log.AppendAsync("shop", [
            Order("o1", "c-1", "ord-1", 100m, Start.AddDays(-400)),
            Nps("n1", "c-1", 9, Start.AddDays(-390)),
            Order("o2", "c-1", "ord-2", 40m, Start.AddDays(-300)),
            Visit("v1", "c-1", Start.AddDays(-200)),
            Order("o2-again", "c-1", "ord-2", 40m, Start.AddDays(-5)),
            Refund("r1", "c-1", "ord-1", 30m, Start.AddDays(-10)),
            Order("o3", "c-1", "ord-3", 25m, Start.AddDays(-2)),
            AnonymousVisit("v2", "anon-1", Start.AddDays(-250)),
            Order("o4", "anon-1", "ord-4", 60m, Start.AddDays(-249)),
            Identify("i1", "anon-1", "c-1", Start.AddDays(-1)),
            Order("o5", "c-2", "ord-5", 70m, Start.AddDays(-500)),
            Order("o6", "c-3", "ord-6", 80m, Start.AddDays(-450)),
        ], Ct);
        await log.AppendAsync("other", [Order("o1", "c-1", "ord-9", 999m, Start.AddDays(-400))], Ct);
        var head = await log.HeadAsync(Ct);

        // c-1's snapshot holds everything and it merged anon-1; c-2's holds nothing yet; c-3 has no row at all.
        storage.Writer.Enqueue(Row("c-1", head, ["anon-1"]));
        storage.Writer.Enqueue(Row("c-2", 0));
        storage.Writer.Enqueue(Row("other-c-1", head) with { Tenant = "other", CustomerId = "c-1" });
        storage.Writer.Enqueue([Stage("c-1", "prospect", "one_time", Start.AddDays(-400), 1), Stage("c-1", "one_time", "repeat", Start.AddDays(-300), 2)]);
        await storage.Writer.FlushAsync(Ct);
        await storage.ReadModel.CountLoggedAsync(head, Ct);
        await CatchUpAsync(storage.Kpis, Berlin);
        var before = await FiguresAsync(storage);
        var loggedOrders = OrdersOf(await storage.Kpis.ReadKpiHistoryAsync("shop", Ct));

        var retention = (ILogRetention)storage.ReadModel;
        var pass = await retention.SummariseAsync("shop", Cutoff, null, 100, Ct);

        Assert.Equal((2, 6, null), (pass.Customers, pass.EntriesRemoved, pass.Next));
        Assert.Equal(["o2-again", "r1", "o3", "i1"], (await log.ReadCustomerAsync("shop", "c-1", 0, Ct)).Select(e => e.EventId));
        Assert.Empty(await log.ReadCustomerAsync("shop", "anon-1", 0, Ct));
        Assert.Equal(["o5"], (await log.ReadCustomerAsync("shop", "c-2", 0, Ct)).Select(e => e.EventId));
        Assert.Equal(["o6"], (await log.ReadCustomerAsync("shop", "c-3", 0, Ct)).Select(e => e.EventId));
        Assert.Equal(["o1"], (await log.ReadCustomerAsync("other", "c-1", 0, Ct)).Select(e => e.EventId));
        Assert.Equal(head, await log.HeadAsync(Ct));

        // The timeline says what was summarised, oldest last; anon-1's summary shows with its customer.
        var timeline = await log.ReadTimelineAsync("shop", "c-1", null, 50, Ct);
        var summaries = timeline.Where(e => e.Type == HistorySummary.Type).ToList();
        Assert.Equal(2, summaries.Count);
        var own = summaries.Select(s => HistorySummary.Read(s.DataJson)).Single(s => s.Events == 4);
        Assert.Equal((Cutoff, 2, 0, 1), (own.Before, own.Orders.Count, own.Refunds.Count, own.Nps.Count));
        Assert.Equal(Start.AddDays(-400), summaries.Min(s => s.OccurredAt));
        Assert.Equal(Start.AddDays(-400), timeline[^1].OccurredAt);

        // The KPIs, from the store and from the whole log, are what they were; so are the orders they are computed from.
        await CatchUpAsync(storage.Kpis, Berlin);
        Assert.Equal(before, await FiguresAsync(storage));
        Assert.Equal(loggedOrders, OrdersOf(await storage.Kpis.ReadKpiHistoryAsync("shop", Ct)));

        // Recomputing every customer's cells from the log (a change of zone and back) gives them again.
        await CatchUpAsync(storage.Kpis, TimeZoneInfo.Utc);
        await CatchUpAsync(storage.Kpis, Berlin);
        Assert.Equal(before, await FiguresAsync(storage));

        // A later pass merges into the summary; a pass with nothing to do changes nothing.
        var later = await retention.SummariseAsync("shop", Start.AddDays(-3), null, 100, Ct);
        Assert.Equal((1, 2, null), (later.Customers, later.EntriesRemoved, later.Next));
        var merged = HistorySummary.Read((await log.ReadTimelineAsync("shop", "c-1", null, 50, Ct))
            .Where(e => e.Type == HistorySummary.Type).Select(e => e.DataJson).Single(d => HistorySummary.Read(d).Events > 2));
        Assert.Equal((6, 3, 1, Start.AddDays(-3)), (merged.Events, merged.Orders.Count, merged.Refunds.Count, merged.Before));
        Assert.Equal(["o3", "i1"], (await log.ReadCustomerAsync("shop", "c-1", 0, Ct)).Select(e => e.EventId));
        Assert.Equal(new RetentionPass(0, 0, null), await retention.SummariseAsync("shop", Start.AddDays(-3), null, 100, Ct));
        await CatchUpAsync(storage.Kpis, Berlin);
        Assert.Equal(before, await FiguresAsync(storage));

        // The summary keeps the earliest time of what it folded, so a later visit still needs no recompute (ADR 0014).
        await log.AppendAsync("shop", [Visit("v3", "c-1", Start.AddDays(-350))], Ct);
        Assert.Equal(0, await storage.Kpis.CatchUpAsync(_ => Berlin, TimeSpan.FromSeconds(10), Ct));
        Assert.Equal(before, await FiguresAsync(storage));
    }

    [Fact]
    public async Task Passes_of_a_few_customers_each_reach_them_all_and_entries_past_the_marks_wait()
    {
        await using var storage = await engine.CreateAsync();
        await storage.Log.AppendAsync("shop", [.. Enumerable.Range(0, 7).Select(i => Order($"o{i}", $"c-{i}", $"ord-{i}", 10m + i, Start.AddDays(-300 - i)))], Ct);
        var head = await storage.Log.HeadAsync(Ct);
        foreach (var i in Enumerable.Range(0, 7))
        {
            storage.Writer.Enqueue(Row($"c-{i}", head));
        }

        await storage.Writer.FlushAsync(Ct);
        var retention = (ILogRetention)storage.ReadModel;

        // Neither the logged counts nor the KPI store has read these entries yet: nothing goes.
        Assert.Equal(new RetentionPass(0, 0, null), await retention.SummariseAsync("shop", Cutoff, null, 3, Ct));

        await storage.ReadModel.CountLoggedAsync(head, Ct);
        await CatchUpAsync(storage.Kpis, Berlin);
        var passes = new List<RetentionPass>();
        string? next = null;
        do
        {
            var pass = await retention.SummariseAsync("shop", Cutoff, next, 3, Ct);
            passes.Add(pass);
            next = pass.Next;
        }
        while (next is not null);

        Assert.Equal([(3, "c-2"), (3, "c-5"), (1, null)], passes.Select(p => (p.Customers, p.Next)));
        foreach (var i in Enumerable.Range(0, 7))
        {
            Assert.Equal(HistorySummary.Type, Assert.Single(await storage.Log.ReadTimelineAsync("shop", $"c-{i}", null, 10, Ct)).Type);
        }

        // A summary alone is nothing to summarise again.
        Assert.Equal(new RetentionPass(0, 0, null), await retention.SummariseAsync("shop", Cutoff, null, 3, Ct));
    }

    private static CustomerRow Row(string customer, long snapshotPosition, IReadOnlyList<string>? linked = null) =>
        new("shop", customer, "one_time", false, false, 0m, 0m, 1, snapshotPosition, snapshotPosition, null, Start, $"{{\"customerId\":\"{customer}\"}}",
            PopulationInputs.None, linked);

    private static async Task CatchUpAsync(IKpiStore store, TimeZoneInfo zone)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        do
        {
            await store.CatchUpAsync(_ => zone, TimeSpan.FromSeconds(10), Ct);
            Assert.True(DateTime.UtcNow < deadline, "the KPI store did not catch up within 60 s");
        }
        while ((await store.ReadTotalsAsync("shop", Ct)).Pending > 0);
    }

    /// <summary>The stored sums' figures by month and by day, the whole log's by month, and the cohorts, as JSON.</summary>
    private static async Task<string> FiguresAsync(StorageUnderTest storage)
    {
        var (totals, _) = await storage.Kpis.ReadTotalsAsync("shop", Ct);
        var history = await storage.Kpis.ReadKpiHistoryAsync("shop", Ct);
        var rules = new RuleOptions();
        var asOf = Start.AddDays(10);
        var stored = totals.Figures(From, To, KpiInterval.Month, Berlin, rules);
        Assert.Contains(stored, f => f.Orders > 0);
        return JsonSerializer.Serialize(new
        {
            stored,
            days = totals.Figures(DateOnly.FromDateTime(Start.AddDays(-20).UtcDateTime), DateOnly.FromDateTime(Start.UtcDateTime), KpiInterval.Day, Berlin, rules),
            computed = KpiCalculator.Compute(history, From, To, KpiInterval.Month, Berlin, rules),
            cohorts = totals.Cohorts(asOf, Berlin),
            computedCohorts = CohortRetention.Compute(history.Orders, asOf, Berlin),
        });
    }

    private static string OrdersOf(KpiHistory history) =>
        string.Join(";", history.Orders.Select(o => $"{o.CustomerId}/{o.OrderId}/{o.PlacedAt:o}/{o.Amount}").Order(StringComparer.Ordinal));
}
