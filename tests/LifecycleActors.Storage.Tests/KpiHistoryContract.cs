using LifecycleActors.Abstractions;
using LifecycleActors.Rules.Kpis;
using LifecycleActors.Storage.EventLog;
using LifecycleActors.Storage.Tests.Support;
using LifecycleActors.Tests.Shared;
using static LifecycleActors.Storage.Tests.Support.Events;

namespace LifecycleActors.Storage.Tests;

public sealed class SqliteKpiHistoryTests() : KpiHistoryContract(new SqliteEngine());

public sealed class PostgresKpiHistoryTests(TestPostgres server) : KpiHistoryContract(new PostgresEngine(server));

/// <summary>What the KPIs are computed from, read back from the log and the transitions (contract §6, KPIs), whatever the engine.</summary>
public abstract class KpiHistoryContract(IStorageEngine engine)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_history_holds_the_tenants_orders_refunds_answers_and_transitions_with_linked_anonymous_ids_as_their_customer()
    {
        await using var storage = await engine.CreateAsync();
        await storage.Log.AppendAsync("shop", [AnonymousVisit("v1", "anon-1", Start.AddHours(-1)), Order("o1", "c-1", "ord-1", 100m, Start)], Ct);
        await storage.Log.AppendAsync("shop", [Identify("i1", "anon-1", "c-1", Start.AddHours(2)), Refund("r1", "c-1", "ord-1", 30m, Start.AddDays(3))], Ct);
        await storage.Log.AppendAsync("shop", [Nps("n1", "c-2", 9, Start.AddDays(1)), Order("o2", "c-2", "ord-2", 20.5m, Start.AddDays(2))], Ct);
        await storage.Log.AppendAsync("other", [Order("o1", "c-1", "ord-9", 999m, Start), Nps("n1", "c-9", 0, Start)], Ct);
        storage.Writer.Enqueue([
            Stage("shop", "c-1", "prospect", "one-time", Start, 1),
            Stage("shop", "anon-1", "prospect", "prospect", Start.AddHours(-1), 1),
            Stage("other", "c-1", "prospect", "one-time", Start, 1)]);
        await storage.Writer.FlushAsync(Ct);

        var history = await storage.Kpis.ReadKpiHistoryAsync("shop", Ct);

        Assert.Equal(
            [("c-1", Start.AddHours(-1)), ("c-2", Start.AddDays(1))],
            history.Customers.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => (c.Key, c.Value)));
        Assert.Equal(
            [new KpiOrder("c-1", "ord-1", Start, 100m), new KpiOrder("c-2", "ord-2", Start.AddDays(2), 20.5m)],
            history.Orders.OrderBy(o => o.OrderId, StringComparer.Ordinal));
        Assert.Equal([new KpiRefund("c-1", "ord-1", Start.AddDays(3), 30m)], history.Refunds);
        Assert.Equal([new KpiNpsResponse("c-2", Start.AddDays(1), 9)], history.NpsResponses);
        Assert.Equal([new KpiTransition("c-1", "stage", "prospect", "one-time", Start, 1)], history.Transitions);
    }

    [Fact]
    public async Task A_tenant_without_events_has_an_empty_history()
    {
        await using var storage = await engine.CreateAsync();
        await storage.Log.AppendAsync("other", [Order("o1", "c-1", "ord-1", 10m)], Ct);

        var history = await storage.Kpis.ReadKpiHistoryAsync("shop", Ct);

        Assert.Empty(history.Customers);
        Assert.Empty(history.Orders);
        Assert.Empty(history.Transitions);
    }

    private static TransitionRecord Stage(string tenant, string customer, string from, string to, DateTimeOffset at, long sequence) =>
        new(tenant, customer, "stage", from, to, at, at, sequence, $"{from} to {to}");
}
