using LifecycleActors.Abstractions;
using LifecycleActors.Ingestion;
using LifecycleActors.Silo.EventPath;
using LifecycleActors.Storage.ReadModel;
using LifecycleActors.Telemetry;
using LifecycleActors.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LifecycleActors.Grains.Tests;

/// <summary>
/// Time-driven transitions with no event for the customer: found by the due scan, fired at their instant, once.
/// The rules clock is fake and moved by the tests; with the default rules a one-order customer expects a gap of
/// 30 days, so L = 75, A = 45 and churn comes at L + 180 = 255 days after the order. Run with customers in their
/// ingest partition (the scan wakes them a partition's batch at a time) and with customers as grains of their own.
/// </summary>
public abstract class SchedulerCases(SchedulerCluster cluster)
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task At_risk_lapse_and_churn_fire_at_their_instants_with_no_event()
    {
        const string tenant = "stages";
        var t0 = cluster.Clock.GetUtcNow();
        await IngestAndSettle(tenant, "c-1", 1, Order("s-1", "c-1", 50m, t0));

        var expected = new[] { ("one_time", "at_risk", 45), ("at_risk", "lapsed", 75), ("lapsed", "churned", 255) };
        foreach (var (from, to, days) in expected)
        {
            await ScanAt(tenant, t0.AddDays(days));
            Assert.DoesNotContain(await Stages(tenant, "c-1"), t => t.To == to);

            await ScanAt(tenant, t0.AddDays(days) + Tick);
            var fired = Assert.Single(await Stages(tenant, "c-1"), t => t.To == to);
            Assert.Equal(from, fired.From);
            Assert.Equal(t0.AddDays(days), fired.At);
            Assert.Equal(t0.AddDays(days) + Tick, fired.DetectedAt);
        }

        // prospect -> one_time came first, with the order.
        Assert.Equal([1L, 2L, 3L, 4L], (await Stages(tenant, "c-1")).Select(t => t.Sequence));
    }

    [Fact]
    public async Task A_time_driven_transition_records_how_late_after_its_due_instant_it_was_found()
    {
        const string tenant = "lag-metric";
        using var lags = new RecordedMeasurements(CustomerMetrics.MeterName, "lifecycle.transition.time_driven.lag", tenant);
        using var transitions = new RecordedMeasurements(CustomerMetrics.MeterName, "lifecycle.transitions", tenant);
        var t0 = cluster.Clock.GetUtcNow();
        await IngestAndSettle(tenant, "c-1", 1, Order("m-1", "c-1", 50m, t0));
        Assert.Empty(lags.Values);
        Assert.Contains(transitions.Values, t => t.Tags[TelemetryTags.Trigger] == "event" && t.Tags[TelemetryTags.TransitionKind] == "stage");

        // At risk falls due 45 days after the order; the scan finds it 3 minutes later.
        await ScanAt(tenant, t0.AddDays(45).AddMinutes(3));

        var lag = Assert.Single(lags.Values);
        Assert.Equal(180, lag.Value, precision: 6);
        Assert.Equal("stage", lag.Tags[TelemetryTags.TransitionKind]);
        Assert.Single(transitions.Values, t => t.Tags[TelemetryTags.Trigger] == "time");
    }

    [Fact]
    public async Task Vip_is_lost_when_the_order_that_made_it_ages_out_of_365_days()
    {
        const string tenant = "vip-ageing";
        var t0 = cluster.Clock.GetUtcNow();
        await IngestAndSettle(tenant, "c-1", 1, Order("v-1", "c-1", 150m, t0));
        Assert.Contains(await Transitions(tenant, "c-1"), t => t is { Kind: "vip", To: "true" });

        await ScanAt(tenant, t0.AddDays(365) - Tick);
        Assert.DoesNotContain(await Transitions(tenant, "c-1"), t => t is { Kind: "vip", To: "false" });

        await ScanAt(tenant, t0.AddDays(365));
        var left = Assert.Single(await Transitions(tenant, "c-1"), t => t is { Kind: "vip", To: "false" });
        Assert.Equal(t0.AddDays(365), left.At);
        Assert.Contains("150", (await Customer(tenant, "c-1").GetAsync())!.NetSpend.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Advocacy_is_lost_when_its_points_age_out_of_the_180_day_window()
    {
        const string tenant = "advocacy-ageing";
        var t0 = cluster.Clock.GetUtcNow();
        await IngestAndSettle(
            tenant,
            "c-1",
            4,
            Order("a-1", "c-1", 20m, t0),
            new { id = "a-2", customerId = "c-1", type = "review_submitted", occurredAt = t0, data = new { rating = 5 } },
            new { id = "a-3", customerId = "c-1", type = "social_share", occurredAt = t0 },
            new { id = "a-4", customerId = "c-1", type = "social_share", occurredAt = t0 });
        Assert.Contains(await Transitions(tenant, "c-1"), t => t is { Kind: "advocate", To: "true" });

        // All three points leave the window together, 180 days after the events.
        await ScanAt(tenant, t0.AddDays(180) - Tick);
        Assert.DoesNotContain(await Transitions(tenant, "c-1"), t => t is { Kind: "advocate", To: "false" });

        await ScanAt(tenant, t0.AddDays(180) + Tick);
        var left = Assert.Single(await Transitions(tenant, "c-1"), t => t is { Kind: "advocate", To: "false" });
        Assert.Equal(t0.AddDays(180), left.At);
    }

    [Fact]
    public async Task A_deactivated_customer_is_woken_by_the_silo_and_transitions_on_time()
    {
        const string tenant = SchedulerCluster.AutoTenant;
        var t0 = cluster.Clock.GetUtcNow();
        await IngestAndSettle(tenant, "sleeper", 1, Order("d-1", "sleeper", 30m, t0));
        await cluster.CustomerLeavesMemoryAsync(tenant, "sleeper");

        cluster.Clock.SetUtcNow(t0.AddDays(45) + TimeSpan.FromSeconds(1));
        var stages = await Eventually.Get(
            () => Stages(tenant, "sleeper"),
            found => found.Any(t => t.To == "at_risk"),
            what: "the silo's own scan woke the customer");
        Assert.Equal(t0.AddDays(45), Assert.Single(stages, t => t.To == "at_risk").At);
    }

    [Fact]
    public async Task A_change_scheduled_before_a_silo_restart_fires_once_after_it()
    {
        const string tenant = SchedulerCluster.AutoTenant;
        var t0 = cluster.Clock.GetUtcNow();
        await IngestAndSettle(tenant, "restarted", 1, Order("r-1", "restarted", 30m, t0));

        await cluster.Cluster.RestartSiloAsync(cluster.Cluster.Silos[0]);
        cluster.Clock.SetUtcNow(t0.AddDays(45) + TimeSpan.FromSeconds(1));
        await Eventually.Get(
            () => Stages(tenant, "restarted"),
            found => found.Any(t => t.To == "at_risk"),
            what: "at_risk after the restart");

        // More passes (the silo's and ours) find nothing new to publish.
        await ScanAt(tenant, cluster.Clock.GetUtcNow());
        await ScanAt(tenant, cluster.Clock.GetUtcNow());
        var stages = await Stages(tenant, "restarted");
        Assert.Equal(["one_time", "at_risk"], stages.Select(t => t.To));
        var atRisk = stages[1];
        Assert.Equal(2, atRisk.Sequence);
        Assert.Equal(t0.AddDays(45), atRisk.At);

        // Leave the cluster as the other tests expect it: the test client connected to the restarted silo.
        await Eventually.Get(ClientReachesTheClusterAsync, reached => reached, what: "the test client reconnected");
    }

    private async Task<bool> ClientReachesTheClusterAsync()
    {
        try
        {
            await cluster.Grains.GetGrain<IDueScanGrain>(SchedulerCluster.AutoTenant).EnsureScanningAsync();
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// Grains as the silo itself calls them: once a test has restarted the silo, the test client may still be
    /// looking for the new gateway, whichever test runs next.
    /// </summary>
    private IGrainFactory SiloGrains => cluster.Silo.GetRequiredService<IGrainFactory>();

    private ICustomerGrain Customer(string tenant, string customerId) => SiloGrains.GetGrain<ICustomerGrain>(CustomerKey.Of(tenant, customerId));

    private async Task IngestAndSettle(string tenant, string customerId, int events, params object[] batch)
    {
        var body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(batch);
        var parsed = EventBatchParser.Parse(body, DateTimeOffset.UtcNow, 1000);
        Assert.Empty(parsed.Rejected);
        await cluster.Silo.GetRequiredService<EventIngestion>().IngestAsync(tenant, parsed.Events, Ct);
        await Eventually.Get(() => Customer(tenant, customerId).GetAsync(), c => c?.EventsApplied == events, what: "events applied");
        await cluster.Silo.GetRequiredService<IReadModelWriter>().FlushAsync(Ct);
    }

    /// <summary>Sets the clock, runs one scan pass of the tenant and waits for the read model to have its results.</summary>
    private async Task ScanAt(string tenant, DateTimeOffset now)
    {
        cluster.Clock.SetUtcNow(now);
        await SiloGrains.GetGrain<IDueScanGrain>(tenant).ScanNowAsync();
        await cluster.Silo.GetRequiredService<IReadModelWriter>().FlushAsync(Ct);
    }

    private async Task<IReadOnlyList<TransitionRecord>> Transitions(string tenant, string customerId) =>
        [.. (await cluster.Silo.GetRequiredService<IReadModel>().TransitionsAsync(tenant, customerId, null, 100, Ct)).OrderBy(t => t.Sequence)];

    private async Task<IReadOnlyList<TransitionRecord>> Stages(string tenant, string customerId) =>
        [.. (await Transitions(tenant, customerId)).Where(t => t.Kind == "stage")];

    private static object Order(string id, string customerId, decimal amount, DateTimeOffset at) =>
        new { id, customerId, type = "order_placed", occurredAt = at, data = new { orderId = $"o-{id}", amount } };
}

public sealed class SchedulerTests(SchedulerCluster cluster) : SchedulerCases(cluster), IClassFixture<SchedulerCluster>;

public sealed class SchedulerWithCustomerGrainsTests(CustomerGrainsSchedulerCluster cluster)
    : SchedulerCases(cluster), IClassFixture<CustomerGrainsSchedulerCluster>;
