using LifecycleActors.Abstractions;
using LifecycleActors.Ingestion;
using LifecycleActors.Rules.Events;
using LifecycleActors.Silo.EventPath;
using LifecycleActors.Storage.EventLog;
using LifecycleActors.Storage.ReadModel;
using LifecycleActors.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace LifecycleActors.Grains.Tests;

/// <summary>The customer grain's cases, run with customers as grains of their own and living in their partition.</summary>
public abstract class CustomerCases(GrainCluster cluster)
{
    private const string Tenant = "grain-tests";
    private static readonly DateTimeOffset Day0 = DateTimeOffset.UtcNow.AddDays(-20);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Events_reach_their_customer_through_the_stream()
    {
        await Ingest(Order("s-1", "stream-c", "o-1", 25m, 0), Visit("s-2", "stream-c", 1));

        var customer = await Eventually.Get(
            () => cluster.Customer(Tenant, "stream-c").GetAsync(),
            c => c?.EventsApplied == 2,
            what: "stream delivery");
        Assert.Equal(25m, customer!.NetSpend);
    }

    [Fact]
    public async Task A_customer_with_a_snapshot_catches_up_from_the_log_when_it_activates()
    {
        var grain = cluster.Customer(Tenant, "log-only-c");
        await Ingest(Order("l-0", "log-only-c", "o-0", 5m, 0));
        await Eventually.Get(() => grain.GetAsync(), c => c?.EventsApplied == 1, what: "first event applied");
        await LeaveMemory(grain);

        var log = cluster.Silo.GetRequiredService<IEventLog>();
        await log.AppendAsync(Tenant, [LogRow("l-1", "log-only-c", "o-1", 40m), LogRow("l-2", "log-only-c", "o-2", 60m)], Ct);
        await LeaveMemory(grain);
        var customer = await grain.GetAsync();

        Assert.NotNull(customer);
        Assert.Equal(3, customer.Orders);
        Assert.Equal(105m, customer.NetSpend);
    }

    [Fact]
    public async Task After_deactivation_a_customer_restores_its_snapshot_and_replays_the_rest_exactly_once()
    {
        var grain = cluster.Customer(Tenant, "restore-c");
        await Ingest(Enumerable.Range(0, 7).Select(i => Order($"r-{i}", "restore-c", $"o-{i}", 10m, i)).ToArray());
        await Eventually.Get(() => grain.GetAsync(), c => c?.EventsApplied == 7, what: "seven applied");

        await LeaveMemory(grain);
        var log = cluster.Silo.GetRequiredService<IEventLog>();
        await log.AppendAsync(Tenant, [LogRow("r-late", "restore-c", "o-late", 30m)], Ct);
        await LeaveMemory(grain);
        var customer = await grain.GetAsync();

        Assert.Equal(8, customer!.EventsApplied);
        Assert.Equal(8, customer.Orders);
        Assert.Equal(100m, customer.NetSpend);
    }

    [Fact]
    public async Task A_customer_gone_from_memory_has_its_last_row_committed()
    {
        // Its last row (the snapshot's position) is queued as it deactivates; an erasure that reaches its next
        // activation on another silo flushes only that silo, so the row must be committed before the customer is gone.
        const string customerId = "gone-c";
        var grain = cluster.Customer(Tenant, customerId);
        await Ingest(Order("g-0", customerId, "o-0", 5m, 0), Order("g-1", customerId, "o-1", 7m, 1));
        await Eventually.Get(() => grain.GetAsync(), c => c?.EventsApplied == 2, what: "two applied, no snapshot yet");
        Assert.Equal(0, await SnapshotPositionAsync(customerId));

        var active = cluster.Silo.GetRequiredService<ActiveCustomers>();
        var key = CustomerKey.Of(Tenant, customerId);
        await Eventually.Get(
            async () =>
            {
                // Again while it is back: the recovery pass may have had it catch up in between (under load its row
                // can take longer than the pass's grace to commit).
                if (active.All().Contains(key))
                {
                    await cluster.CustomerLeavesMemoryAsync(Tenant, customerId);
                }

                return !active.All().Contains(key) && active.Deactivating == 0;
            },
            gone => gone,
            what: "the customer deactivated");

        Assert.True(await SnapshotPositionAsync(customerId) > 0, "the row of the deactivation's snapshot is committed");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_referral_converts_across_customers_whichever_comes_first(bool referralFirst)
    {
        var referrer = $"referrer-{referralFirst}";
        var referred = $"referred-{referralFirst}";
        var referral = new { id = $"ref-{referralFirst}", customerId = referrer, type = "referral_made", occurredAt = Day0.AddDays(2), data = new { referredCustomerId = referred } };
        var order = Order($"ord-{referralFirst}", referred, "o-1", 20m, 3);
        await Ingest(Order($"own-{referralFirst}", referrer, "o-9", 5m, 1));
        await Ingest(referralFirst ? referral : order);
        await Ingest(referralFirst ? order : referral);

        var customer = await Eventually.Get(
            () => cluster.Customer(Tenant, referrer).GetAsync(),
            c => c?.AdvocacyPoints == 3,
            what: "referral converted");
        Assert.True(customer!.Advocate);
    }

    [Fact]
    public async Task Events_that_missed_their_stream_are_applied_after_the_recovery_pass()
    {
        var log = cluster.Silo.GetRequiredService<IEventLog>();
        var readModel = cluster.Silo.GetRequiredService<IReadModel>();
        await log.AppendAsync(Tenant, [LogRow("cu-1", "recovery-c", "o-1", 15m)], Ct);

        var listed = await Eventually.Get(
            () => readModel.ListAsync(Tenant, new CustomerFilter("one_time", null, null), "recovery-b", 10, Ct),
            views => views.Any(v => v.Contains("\"recovery-c\"", StringComparison.Ordinal)),
            timeout: TimeSpan.FromSeconds(40),
            what: "the recovery pass had the customer apply the event");
        Assert.Contains(listed, v => v.Contains("\"eventsApplied\":1", StringComparison.Ordinal));
    }

    /// <summary>
    /// The customer leaves memory. Called again after writing to the log behind its back: the silo's own passes
    /// (recovery pass, snapshot sweep, due scan) may have brought it back, and the next call must load it afresh.
    /// </summary>
    private Task LeaveMemory(ICustomerGrain grain) =>
        cluster.CustomerLeavesMemoryAsync(Tenant, CustomerKey.Parse(grain.GetPrimaryKeyString()).CustomerId);

    private async Task<long> SnapshotPositionAsync(string customerId)
    {
        await using var connection = new SqliteConnection(cluster.Files.ReadModel);
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT snapshot_position FROM customers WHERE tenant = $tenant AND customer_id = $customer";
        command.Parameters.AddWithValue("$tenant", Tenant);
        command.Parameters.AddWithValue("$customer", customerId);
        return await command.ExecuteScalarAsync(Ct) is long position ? position : 0;
    }

    private async Task Ingest(params object[] events)
    {
        var body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(events);
        var batch = EventBatchParser.Parse(body, DateTimeOffset.UtcNow, 1000);
        Assert.Empty(batch.Rejected);
        await cluster.Silo.GetRequiredService<EventIngestion>().IngestAsync(Tenant, batch.Events, Ct);
    }

    private static object Order(string id, string customerId, string orderId, decimal amount, int day) =>
        new { id, customerId, type = "order_placed", occurredAt = Day0.AddDays(day), data = new { orderId, amount } };

    private static object Visit(string id, string customerId, int day) =>
        new { id, customerId, type = "visit", occurredAt = Day0.AddDays(day) };

    private static NewEvent LogRow(string id, string customerId, string orderId, decimal amount) =>
        new(id, customerId, EventType.OrderPlaced.ToWireName(), Day0.AddDays(5), orderId, amount, null, null, "{}");
}

/// <summary>Customers as grains of their own.</summary>
public sealed class CustomerGrainTests(CustomerGrainsCluster cluster) : CustomerCases(cluster), IClassFixture<CustomerGrainsCluster>;

/// <summary>Customers living in their ingest partition (ADR 0019): the same cases, the same results.</summary>
public sealed class CustomersInPartitionTests(GrainCluster cluster) : CustomerCases(cluster), IClassFixture<GrainCluster>;
