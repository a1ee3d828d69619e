using LifecycleActors.Abstractions;
using LifecycleActors.Grains.Live;
using Microsoft.Extensions.Time.Testing;

namespace LifecycleActors.Grains.Tests;

/// <summary>
/// The live fan-out's hosts: a batch goes to every registered host but its publisher; a fan-out that has just
/// started (moved after a silo's loss) gives what it passed on to each host that registers late, once, and only
/// while it is young.
/// </summary>
public sealed class LiveHostsTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_batch_goes_to_every_other_registered_host_and_a_registration_not_renewed_expires()
    {
        var hosts = new LiveHosts(_time);
        _time.Advance(LiveHosts.Youth + TimeSpan.FromSeconds(1));
        var (a, b, c) = (new Screen(), new Screen(), new Screen());
        Assert.Equal(0, hosts.Register("a", a));
        Assert.Equal(1, hosts.Register("b", b));
        Assert.Equal(2, hosts.Register("c", c));

        hosts.Publish("a", Batch("c-1"));
        Assert.Equal((0, 1, 1), (a.Seen.Count, b.Seen.Count, c.Seen.Count));

        _time.Advance(LiveHosts.Expiry - LiveHosts.RenewInterval);
        hosts.Register("a", a);
        hosts.Register("b", b);
        _time.Advance(LiveHosts.RenewInterval + TimeSpan.FromSeconds(1));
        hosts.Publish("a", Batch("c-2"));
        Assert.Equal(["c-1", "c-2"], b.Seen);
        Assert.Equal(["c-1"], c.Seen);
        Assert.Equal(1, hosts.Register("a", a));
    }

    [Fact]
    public void A_young_fan_out_gives_what_it_passed_on_to_a_host_that_registers_late_once()
    {
        var hosts = new LiveHosts(_time);
        var (a, b) = (new Screen(), new Screen());
        Assert.Equal(0, hosts.Register("a", a));
        hosts.Publish("a", Batch("c-1"));
        hosts.Publish("b", Batch("c-2"));
        _time.Advance(LiveHosts.RenewInterval);

        Assert.Equal(1, hosts.Register("b", b));
        Assert.Equal(["c-1"], b.Seen);
        Assert.Equal(["c-2"], a.Seen);

        hosts.Register("b", b);
        hosts.Publish("a", Batch("c-3"));
        Assert.Equal(["c-1", "c-3"], b.Seen);
    }

    [Fact]
    public void A_fan_out_past_its_youth_or_over_what_it_may_keep_gives_a_late_host_nothing_kept()
    {
        var old = new LiveHosts(_time);
        old.Register("a", new Screen());
        old.Publish("a", Batch("c-1"));
        _time.Advance(LiveHosts.Youth + TimeSpan.FromSeconds(1));
        var late = new Screen();
        old.Register("b", late);
        Assert.Empty(late.Seen);

        var flooded = new LiveHosts(_time);
        flooded.Publish("a", Batch("c-1"));
        flooded.Publish("a", Batch([.. Enumerable.Range(0, LiveHosts.MaxKeptUpdates).Select(i => $"f-{i}")]));
        flooded.Publish("a", Batch("c-2"));
        var another = new Screen();
        flooded.Register("b", another);
        Assert.Empty(another.Seen);
    }

    private static LiveBatch Batch(params string[] erasedCustomers) =>
        new([], [], [], null, [.. erasedCustomers.Select(id => new LiveErasure("shop-a", id))]);

    /// <summary>A host's observer: the customers of the batches it received, in order.</summary>
    private sealed class Screen : ILiveObserver
    {
        public List<string> Seen { get; } = [];

        public Task OnLiveAsync(LiveBatch batch)
        {
            Seen.AddRange(batch.Erasures!.Select(e => e.CustomerId));
            return Task.CompletedTask;
        }
    }
}
