using System.Collections.Concurrent;
using System.Reflection;
using LifecycleActors.Abstractions;
using LifecycleActors.Dashboard.Live;
using LifecycleActors.Storage.ReadModel;
using LifecycleActors.Tests.Support;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Time.Testing;

namespace LifecycleActors.Api.Tests;

/// <summary>
/// Counting a tenant's customers is a scan of its rows: the stats publisher reads them only for tenants an agent
/// watches on this host, and reads a tenant whose count is slow less often.
/// </summary>
public sealed class StatsPublisherTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stats_are_read_only_for_tenants_with_an_agent_connected()
    {
        var time = new FakeTimeProvider();
        var readModel = CountingReadModel.Create();
        var hub = Inert.Of<IHubContext<LifecycleHub>>();
        var updates = new HubLiveUpdates(hub, TestMeters.Live());
        var agents = new AgentConnections();
        agents.Connected("watched");
        using var publisher = new StatsPublisher(updates, agents, (IReadModel)(object)readModel, hub, time);
        await publisher.StartAsync(Ct);

        // Both tenants keep changing (the publisher looks at tenants changed in the last few seconds of real time).
        void BothChange() => updates.Transitions([Transition("watched"), Transition("unwatched")]);
        await Eventually.Advancing(time, StatsPublisher.Interval, () => readModel.Reads("watched") >= 2, "two reads of the watched tenant", BothChange);
        Assert.Equal(0, readModel.Reads("unwatched"));

        // Once an agent of the other tenant connects, its counts are read too; once the last one leaves, no more.
        agents.Connected("unwatched");
        await Eventually.Advancing(time, StatsPublisher.Interval, () => readModel.Reads("unwatched") >= 1, "a read once an agent is connected", BothChange);
        agents.Disconnected("watched");

        // A read that began before the agent left may still finish: two passes later none is under way.
        var unwatched = readModel.Reads("unwatched");
        await Eventually.Advancing(time, StatsPublisher.Interval, () => readModel.Reads("unwatched") >= unwatched + 2, "two passes after the agent left", BothChange);
        var after = readModel.Reads("watched");
        unwatched = readModel.Reads("unwatched");
        await Eventually.Advancing(time, StatsPublisher.Interval, () => readModel.Reads("unwatched") >= unwatched + 2, "two more passes", BothChange);
        Assert.Equal(after, readModel.Reads("watched"));
        await publisher.StopAsync(Ct);
    }

    [Fact]
    public void A_quick_read_waits_the_interval_and_a_slow_one_ten_times_its_cost()
    {
        var schedule = new StatsSchedule(StatsPublisher.Interval);
        var start = TimeSpan.FromSeconds(10);
        Assert.True(schedule.IsDue("quick", start));

        schedule.Read("quick", start, TimeSpan.FromMilliseconds(5));
        Assert.False(schedule.IsDue("quick", start + TimeSpan.FromMilliseconds(249)));
        Assert.True(schedule.IsDue("quick", start + StatsPublisher.Interval));

        schedule.Read("slow", start, TimeSpan.FromMilliseconds(100));
        Assert.False(schedule.IsDue("slow", start + TimeSpan.FromMilliseconds(999)));
        Assert.True(schedule.IsDue("slow", start + TimeSpan.FromSeconds(1)));
        Assert.True(schedule.IsDue("other", start));
    }

    [Fact]
    public void An_agent_count_never_goes_below_zero()
    {
        var agents = new AgentConnections();
        agents.Connected("t");
        agents.Connected("t");
        agents.Disconnected("t");
        Assert.True(agents.AnyOf("t"));
        agents.Disconnected("t");
        Assert.False(agents.AnyOf("t"));
        agents.Disconnected("t");
        agents.Connected("t");
        Assert.True(agents.AnyOf("t"));
        Assert.False(agents.AnyOf("other"));
    }

    private static TransitionRecord Transition(string tenant) =>
        new(tenant, "c-1", "stage", "prospect", "one_time", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 1, "first order");

    /// <summary>A read model that answers stats and counts the reads per tenant.</summary>
    public class CountingReadModel : DispatchProxy
    {
        private readonly ConcurrentDictionary<string, int> _reads = new(StringComparer.Ordinal);

        public static CountingReadModel Create() => (CountingReadModel)(object)DispatchProxy.Create<IReadModel, CountingReadModel>();

        public int Reads(string tenant) => _reads.GetValueOrDefault(tenant);

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod?.Name != nameof(IReadModel.StatsAsync))
            {
                throw new NotSupportedException(targetMethod?.Name);
            }

            _reads.AddOrUpdate((string)args![0]!, 1, (_, n) => n + 1);
            return Task.FromResult(new TenantStats(1, new Dictionary<string, long>(), 0, 0, 1));
        }
    }
}
