using LifecycleActors.Abstractions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LifecycleActors.Grains.Tests.Resident;

/// <summary>
/// The partition's table of resident customers (ADR 0019) without Orleans: who is loaded when, who leaves memory
/// when, and that leaving and coming back loses and doubles nothing.
/// </summary>
public sealed class CustomerShardTests : IClassFixture<ResidentCustomerFixture>
{
    private static readonly TimeSpan IdleAge = TimeSpan.FromMinutes(1);

    private readonly ResidentCustomerFixture _fixture;
    private readonly RecordingReadModelWriter _readModel = new();
    private readonly StoredSnapshots _snapshots = new();
    private readonly FakeTimeProvider _time = new();
    private readonly ActiveCustomers _active;
    private readonly CustomerShard _shard;

    public CustomerShardTests(ResidentCustomerFixture fixture)
    {
        _fixture = fixture;
        _active = new ActiveCustomers(_time);
        _shard = new CustomerShard(
            ResidentCustomerFixture.Tenant,
            fixture.Services(_readModel),
            _snapshots,
            _active,
            new ResidencyOptions { IdleAge = IdleAge, MaxPerPartition = 3 },
            _time,
            () => { },
            NullLogger.Instance);
    }

    [Fact]
    public async Task A_delivery_loads_each_customer_not_in_memory_once_and_the_next_reads_nothing()
    {
        var a = await _fixture.AppendOrdersAsync("load-a", "load-a", 2, 10m);
        var b = await _fixture.AppendOrdersAsync("load-b", "load-b", 1, 4m);

        await _shard.DeliverAsync([Batch("load-a", [a[0]]), Batch("load-b", b), Batch("load-a", [a[1]])]);
        Assert.Equal(2, _snapshots.Reads);
        await _shard.DeliverAsync([Batch("load-a", a), Batch("load-b", b)]);

        Assert.Equal(2, _snapshots.Reads);
        Assert.Equal(2, _shard.Count);
        Assert.Equal(2, _active.Count);
        Assert.Equal(20m, (await _shard.CallAsync("load-a", c => c.GetAsync()))!.NetSpend);
        Assert.Equal(4m, (await _shard.CallAsync("load-b", c => c.GetAsync()))!.NetSpend);
    }

    [Fact]
    public async Task Idle_customers_leave_memory_with_their_snapshot_and_come_back_without_applying_twice()
    {
        var idle = await _fixture.AppendOrdersAsync("idle-c", "idle", 2, 10m);
        var busy = await _fixture.AppendOrdersAsync("busy-c", "busy", 1, 3m);
        await _shard.DeliverAsync([Batch("idle-c", idle), Batch("busy-c", busy)]);

        _time.Advance(IdleAge / 2);
        await _shard.CallAsync("busy-c", c => c.GetAsync());
        _time.Advance(IdleAge / 2);
        await _shard.SweepAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, _shard.Count);
        Assert.DoesNotContain(Key("idle-c"), _active.All());
        Assert.Equal(2, _snapshots.Stored(Key("idle-c"))!.Rules.EventsApplied);
        Assert.Equal(0, _readModel.QueueDepth);

        var late = await _fixture.AppendOrdersAsync("idle-c", "idle-late", 1, 5m, firstDay: 4);
        await _shard.DeliverAsync([Batch("idle-c", [.. idle, .. late])]);
        var profile = await _shard.CallAsync("idle-c", c => c.GetAsync());
        Assert.Equal(3, profile!.EventsApplied);
        Assert.Equal(25m, profile.NetSpend);
    }

    [Fact]
    public async Task A_customer_kept_in_use_gets_its_snapshot_once_its_changes_have_waited_the_interval()
    {
        var interval = new SnapshotOptions().Interval;
        var entries = await _fixture.AppendOrdersAsync("kept-c", "kept", 1, 2m);
        await _shard.DeliverAsync([Batch("kept-c", entries)]);

        for (var waited = TimeSpan.Zero; waited < interval; waited += IdleAge / 2)
        {
            Assert.Null(_snapshots.Stored(Key("kept-c")));
            _time.Advance(IdleAge / 2);
            await _shard.CallAsync("kept-c", c => c.GetAsync());
            await _shard.SweepAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal(1, _shard.Count);
        Assert.Equal(entries[0].Position, _snapshots.Stored(Key("kept-c"))!.Watermark);
    }

    [Fact]
    public async Task Past_its_budget_the_least_recently_used_customers_leave_first()
    {
        foreach (var id in new[] { "lru-1", "lru-2", "lru-3" })
        {
            await _shard.DeliverAsync([Batch(id, await _fixture.AppendOrdersAsync(id, id, 1, 1m))]);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        await _shard.CallAsync("lru-1", c => c.GetAsync());
        await _shard.DeliverAsync([Batch("lru-4", await _fixture.AppendOrdersAsync("lru-4", "lru-4", 1, 1m))]);

        // Budget 3, a tenth of it (rounded down to none) kept free: the oldest use, lru-2, leaves.
        Assert.Equal(3, _shard.Count);
        Assert.DoesNotContain(Key("lru-2"), _active.All());
        Assert.Contains(Key("lru-1"), _active.All());
        Assert.NotNull(_snapshots.Stored(Key("lru-2")));
    }

    [Fact]
    public async Task A_customer_loaded_only_for_a_wake_leaves_memory_after_it_and_one_in_use_stays()
    {
        var woken = await _fixture.AppendOrdersAsync("wake-only-c", "wake-only", 1, 1m);
        var used = await _fixture.AppendOrdersAsync("wake-used-c", "wake-used", 1, 1m);
        await _shard.DeliverAsync([Batch("wake-used-c", used)]);

        var failed = await _shard.WakeAsync(["wake-only-c", "wake-used-c", "wake-only-c"]);

        Assert.Empty(failed);
        Assert.DoesNotContain(Key("wake-only-c"), _active.All());
        Assert.Contains(Key("wake-used-c"), _active.All());
        Assert.Equal(woken[0].Position, _readModel.Latest("wake-only-c")!.AppliedPosition);
        Assert.NotNull(_snapshots.Stored(Key("wake-only-c")));
    }

    [Fact]
    public async Task A_wake_that_cannot_load_its_customer_is_answered_as_failed_and_the_others_in_its_batch_are_woken()
    {
        await _fixture.AppendOrdersAsync("wake-broken-c", "wake-broken", 1, 1m);
        var fine = await _fixture.AppendOrdersAsync("wake-fine-c", "wake-fine", 1, 1m);
        _snapshots.Unreadable.Add(Key("wake-broken-c"));

        var failed = await _shard.WakeAsync(["wake-broken-c", "wake-fine-c"]);

        Assert.Equal("wake-broken-c", Assert.Single(failed).CustomerId);
        Assert.IsType<TimeoutException>(failed[0].Error);
        Assert.Equal(fine[0].Position, _readModel.Latest("wake-fine-c")!.AppliedPosition);
        Assert.Null(_readModel.Latest("wake-broken-c"));
        Assert.Equal(0, _active.Count);
        Assert.Equal(0, _shard.Count);
    }

    [Fact]
    public async Task An_id_nobody_sent_events_for_is_not_kept()
    {
        Assert.Null(await _shard.CallAsync("nobody-c", c => c.GetAsync()));

        Assert.Equal(0, _shard.Count);
        Assert.Equal(0, _active.Count);
        Assert.Null(_snapshots.Stored(Key("nobody-c")));
    }

    [Fact]
    public async Task A_customer_whose_snapshot_cannot_be_read_is_not_kept_and_the_others_are_applied()
    {
        var broken = await _fixture.AppendOrdersAsync("broken-c", "broken", 1, 1m);
        var fine = await _fixture.AppendOrdersAsync("fine-c", "fine", 1, 6m);
        _snapshots.Unreadable.Add(Key("broken-c"));

        var failed = await Assert.ThrowsAsync<AggregateException>(() => _shard.DeliverAsync([Batch("broken-c", broken), Batch("fine-c", fine)]));

        Assert.IsType<TimeoutException>(Assert.Single(failed.InnerExceptions));
        Assert.Equal(1, _shard.Count);
        Assert.DoesNotContain(Key("broken-c"), _active.All());
        Assert.Equal(6m, (await _shard.CallAsync("fine-c", c => c.GetAsync()))!.NetSpend);

        _snapshots.Unreadable.Clear();
        await _shard.DeliverAsync([Batch("broken-c", broken)]);
        Assert.Equal(1, (await _shard.CallAsync("broken-c", c => c.GetAsync()))!.EventsApplied);
    }

    [Fact]
    public async Task A_customer_still_loading_is_not_in_the_table_the_send_pass_reads()
    {
        // The partition's send pass interleaves with the turn that loads customers; a half-loaded one broke it once.
        var entries = await _fixture.AppendOrdersAsync("loading-c", "loading", 1, 1m);
        _snapshots.ReadGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var delivery = _shard.DeliverAsync([Batch("loading-c", entries)]);
        Assert.False(delivery.IsCompleted);
        Assert.Empty(_shard.WithUnsent());
        Assert.Equal(0, _shard.Count);

        _snapshots.ReadGate.SetResult();
        await delivery;
        Assert.Equal(1, _shard.Count);
    }

    [Fact]
    public async Task Leaving_memory_all_at_once_writes_every_changed_snapshot()
    {
        var one = await _fixture.AppendOrdersAsync("all-1", "all-1", 1, 1m);
        var two = await _fixture.AppendOrdersAsync("all-2", "all-2", 2, 1m);
        await _shard.DeliverAsync([Batch("all-1", one), Batch("all-2", two)]);

        await _shard.UnloadAllAsync(TestContext.Current.CancellationToken);

        Assert.Equal(0, _shard.Count);
        Assert.Equal(0, _active.Count);
        Assert.Equal(0, _active.Deactivating);
        Assert.Equal(1, _snapshots.Stored(Key("all-1"))!.Rules.EventsApplied);
        Assert.Equal(two[^1].Position, _snapshots.Stored(Key("all-2"))!.Watermark);
    }

    private static CustomerEvents Batch(string customerId, IReadOnlyList<LoggedEvent> events) => new(customerId, events, null);

    private static string Key(string customerId) => CustomerKey.Of(ResidentCustomerFixture.Tenant, customerId);
}
