using LifecycleActors.Abstractions;

namespace LifecycleActors.Grains.Tests.Resident;

/// <summary>
/// The customer's logic without Orleans (ADR 0019, step 1): the cases the grain tests drive through a silo, here on
/// a <see cref="ResidentCustomer"/> with a real event log, a holder that stores snapshots as the silo does, and a
/// read-model writer that records rows.
/// </summary>
public sealed class ResidentCustomerTests(ResidentCustomerFixture fixture) : IClassFixture<ResidentCustomerFixture>
{
    private readonly RecordingReadModelWriter _readModel = new();
    private readonly RecordingHolder _holder = new();

    [Fact]
    public async Task Delivered_events_are_applied_once_however_often_they_arrive()
    {
        var entries = await fixture.AppendOrdersAsync("once-c", "once", 3, 10m);
        var customer = await LoadAsync("once-c");

        await customer.DeliverAsync(entries);
        await customer.DeliverAsync(entries);
        await customer.DeliverAsync([entries[1]]);
        var profile = await customer.GetAsync();

        Assert.Equal(3, profile!.EventsApplied);
        Assert.Equal(30m, profile.NetSpend);
        Assert.Equal(entries[^1].Position, _readModel.Latest("once-c")!.AppliedPosition);
    }

    [Fact]
    public async Task Events_delivered_out_of_log_order_are_each_applied_once()
    {
        var entries = await fixture.AppendOrdersAsync("order-c", "order", 4, 5m);
        var customer = new ResidentCustomer(Key("order-c"), new CustomerGrainState(), Services(), _holder);

        await customer.DeliverAsync([entries[3], entries[1]]);
        await customer.DeliverAsync([entries[0], entries[2], entries[3]]);

        Assert.Equal(4, customer.State.Rules.EventsApplied);
        Assert.Equal(20m, (await customer.GetAsync())!.NetSpend);
    }

    [Fact]
    public async Task Loading_catches_up_from_the_log_entries_after_the_snapshot()
    {
        var first = await fixture.AppendOrdersAsync("log-only-c", "log-only", 1, 5m);
        var customer = await LoadAsync("log-only-c");
        Assert.Equal(1, customer.State.Rules.EventsApplied);
        await customer.CatchUpAsync();
        Assert.Equal(first[0].Position, _holder.Stored().Watermark);

        await fixture.AppendOrdersAsync("log-only-c", "log-only-late", 2, 50m, firstDay: 3);
        var again = await LoadAsync("log-only-c", _holder.Stored());

        var profile = await again.GetAsync();
        Assert.Equal(3, profile!.Orders);
        Assert.Equal(105m, profile.NetSpend);
    }

    [Fact]
    public async Task Unloaded_and_loaded_again_it_restores_its_snapshot_and_replays_the_rest_exactly_once()
    {
        var entries = await fixture.AppendOrdersAsync("restore-c", "restore", 7, 10m);
        var customer = new ResidentCustomer(Key("restore-c"), new CustomerGrainState(), Services(), _holder);
        await customer.DeliverAsync(entries.Take(4).ToList());
        await customer.DeliverAsync(entries.Skip(2).ToList());
        Assert.True(_holder.SnapshotBehind, "the holder knows the snapshot is behind");

        await customer.UnloadAsync(TestContext.Current.CancellationToken);
        Assert.False(_holder.SnapshotBehind, "unloading wrote the snapshot");
        Assert.Equal(0, _readModel.QueueDepth);
        await fixture.AppendOrdersAsync("restore-c", "restore-late", 1, 30m, firstDay: 9);

        var again = await LoadAsync("restore-c", _holder.Stored());
        await again.DeliverAsync(entries);
        var profile = await again.GetAsync();

        Assert.Equal(8, profile!.EventsApplied);
        Assert.Equal(100m, profile.NetSpend);
    }

    [Fact]
    public async Task A_snapshot_is_written_every_so_many_events_and_its_position_reaches_the_row()
    {
        var entries = await fixture.AppendOrdersAsync("every-c", "every", 3, 1m);
        var customer = new ResidentCustomer(Key("every-c"), new CustomerGrainState(), Services(snapshotEvery: 3), _holder);

        await customer.DeliverAsync(entries.Take(2).ToList());
        Assert.Equal(0, _holder.SnapshotWrites);
        await customer.DeliverAsync(entries.Skip(2).ToList());

        Assert.Equal(1, _holder.SnapshotWrites);
        Assert.Equal(3, _holder.Stored().Rules.EventsApplied);
        Assert.Equal(entries[2].Position, _holder.Stored().Watermark);
        Assert.Equal(entries[2].Position, _readModel.Latest("every-c")!.SnapshotPosition);
        Assert.Contains(_readModel.Committed, r => r.CustomerId == "every-c");
    }

    [Fact]
    public async Task A_snapshot_takes_what_the_log_holds_beyond_the_deliveries()
    {
        var entries = await fixture.AppendOrdersAsync("ahead-c", "ahead", 4, 2m);
        var customer = new ResidentCustomer(Key("ahead-c"), new CustomerGrainState(), Services(), _holder);
        await customer.DeliverAsync([entries[0]]);

        await customer.SnapshotIfDirtyAsync(TestContext.Current.CancellationToken);

        Assert.Equal(4, _holder.Stored().Rules.EventsApplied);
        Assert.Equal(entries[3].Position, _holder.Stored().Watermark);
        await customer.DeliverAsync(entries);
        Assert.Equal(8m, (await customer.GetAsync())!.NetSpend);
    }

    [Fact]
    public async Task An_id_never_seen_holds_nothing_and_writes_no_row()
    {
        var customer = await LoadAsync("unknown-c");

        Assert.Null(await customer.GetAsync());
        await customer.WakeAsync();
        await customer.UnloadAsync(TestContext.Current.CancellationToken);

        Assert.True(customer.HoldsNothing);
        Assert.Null(_readModel.Latest("unknown-c"));
        Assert.Equal(0, _holder.SnapshotWrites);
    }

    [Fact]
    public async Task After_an_erasure_the_erased_past_is_not_applied_again_but_later_events_are()
    {
        var past = await fixture.AppendOrdersAsync("erased-c", "erased", 2, 10m);
        var customer = await LoadAsync("erased-c");
        Assert.Equal(2, customer.State.Rules.EventsApplied);

        await customer.EraseAsync(ResidentCustomerFixture.Day0.AddDays(5));
        Assert.True(customer.IsUnknown);
        Assert.False(_holder.SnapshotBehind, "an erased customer writes no snapshot on its way out");
        await customer.DeliverAsync(past);
        Assert.True(customer.IsUnknown);

        var later = await fixture.AppendOrdersAsync("erased-c", "erased-later", 1, 7m, firstDay: 6);
        await customer.DeliverAsync(later);

        Assert.Equal(1, customer.State.Rules.EventsApplied);
        Assert.Equal(7m, (await customer.GetAsync())!.NetSpend);
    }

    private CustomerServices Services(int snapshotEvery = 500) => fixture.Services(_readModel, snapshotEvery);

    private static string Key(string customerId) => CustomerKey.Of(ResidentCustomerFixture.Tenant, customerId);

    private async Task<ResidentCustomer> LoadAsync(string customerId, CustomerGrainState? stored = null)
    {
        var customer = new ResidentCustomer(Key(customerId), stored ?? new CustomerGrainState(), Services(), _holder);
        await customer.LoadAsync(TestContext.Current.CancellationToken);
        return customer;
    }
}
