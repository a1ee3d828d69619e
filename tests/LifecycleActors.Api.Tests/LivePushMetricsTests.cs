using System.Reflection;
using LifecycleActors.Abstractions;
using LifecycleActors.Dashboard.Live;
using LifecycleActors.Telemetry;
using LifecycleActors.Tests.Support;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace LifecycleActors.Api.Tests;

/// <summary>A live push is measured once the hub's send has completed, from the moment the transition was reported; a failed send is not.</summary>
public sealed class LivePushMetricsTests
{
    [Fact]
    public async Task A_transition_is_measured_when_its_send_to_the_hub_completes()
    {
        using var meters = new TestMeters();
        using var pushes = new MetricCollector<double>(meters, LiveMetrics.MeterName, "lifecycle.live.push.latency");
        var sending = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var updates = new HubLiveUpdates(HeldSends.Of<IHubContext<LifecycleHub>>(sending.Task), new LiveMetrics(meters));

        updates.Transitions([Transition("shop-live")]);
        Assert.Empty(pushes.GetMeasurementSnapshot());

        sending.SetResult();
        await pushes.WaitForMeasurementsAsync(1, TimeSpan.FromSeconds(30));
        var push = Assert.Single(pushes.GetMeasurementSnapshot());
        Assert.Equal("shop-live", push.Tags[TelemetryTags.Tenant]);
        Assert.InRange(push.Value, 0, 30);
    }

    [Fact]
    public void A_failed_send_is_not_a_push()
    {
        using var meters = new TestMeters();
        using var pushes = new MetricCollector<double>(meters, LiveMetrics.MeterName, "lifecycle.live.push.latency");
        var updates = new HubLiveUpdates(HeldSends.Of<IHubContext<LifecycleHub>>(Task.FromException(new IOException("gone"))), new LiveMetrics(meters));

        updates.Transitions([Transition("shop-live")]);

        Assert.Empty(pushes.GetMeasurementSnapshot());
    }

    private static TransitionRecord Transition(string tenant) =>
        new(tenant, "c-1", "stage", "prospect", "one_time", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, 1, "first order");

    /// <summary>A hub whose every send is the given task (further interfaces are the same kind of stand-in).</summary>
    public class HeldSends : DispatchProxy
    {
        private Task _send = Task.CompletedTask;

        public static T Of<T>(Task send)
            where T : class
        {
            var proxy = Create<T, HeldSends>();
            ((HeldSends)(object)proxy)._send = send;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            var type = targetMethod?.ReturnType ?? typeof(void);
            return type == typeof(Task) ? _send
                : type.IsInterface ? typeof(HeldSends).GetMethod(nameof(Of))!.MakeGenericMethod(type).Invoke(null, [_send])
                : null;
        }
    }
}
