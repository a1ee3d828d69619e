using LifecycleActors.Abstractions;
using LifecycleActors.Dashboard.Live;
using LifecycleActors.Grains.Live;
using LifecycleActors.Tests.Support;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Time.Testing;

namespace LifecycleActors.Api.Tests;

/// <summary>
/// What a host queues for the cluster's other hosts: everything while the fan-out knows some, and for a while after
/// the host starts or the fan-out's answer turns to "none" (a fan-out that just moved knows only the hosts that
/// renewed since: the others' agents must not miss this host's updates); nothing once the fan-out has known none for long.
/// </summary>
public sealed class LiveRelayTests
{
    [Fact]
    public void A_host_queues_for_others_while_the_fan_out_knows_some_and_a_while_after_it_starts_or_the_answer_turns_to_none()
    {
        var time = new FakeTimeProvider();
        var relay = new LiveRelay(new HubLiveUpdates(LivePushMetricsTests.HeldSends.Of<IHubContext<LifecycleHub>>(Task.CompletedTask), TestMeters.Live()), time);

        relay.Transitions([Transition("c-at-start")]);
        relay.OtherHostsReported(0);
        time.Advance(LiveRelay.Linger);
        relay.Transitions([Transition("c-alone")]);
        relay.OtherHostsReported(0);
        relay.Transitions([Transition("c-still-alone")]);
        Assert.Equal(["c-at-start"], Taken(relay));

        relay.OtherHostsReported(2);
        relay.Transitions([Transition("c-1")]);
        // The fan-out's silo is lost: renewals fail until the fan-out starts again elsewhere and answers "none".
        time.Advance(TimeSpan.FromSeconds(17));
        relay.OtherHostsReported(0);
        relay.Transitions([Transition("c-2")]);
        time.Advance(LiveRelay.Linger - TimeSpan.FromMilliseconds(1));
        relay.Transitions([Transition("c-3")]);
        relay.OtherHostsReported(0);
        time.Advance(TimeSpan.FromMilliseconds(1));
        relay.Transitions([Transition("c-gone-quiet")]);

        Assert.Equal(["c-1", "c-2", "c-3"], Taken(relay));
    }

    private static List<string> Taken(LiveRelay relay) =>
        relay.TakeBatch(100) is { } batch ? [.. batch.Transitions.Select(t => t.CustomerId)] : [];

    private static TransitionRecord Transition(string customerId) =>
        new("shop-a", customerId, "stage", "prospect", "one_time", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 1, "first order");
}
