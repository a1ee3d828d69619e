using System.Reflection;
using LifecycleActors.Abstractions;
using LifecycleActors.Dashboard.Live;
using LifecycleActors.Grains.Live;
using LifecycleActors.Tests.Support;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LifecycleActors.Api.Tests;

/// <summary>
/// A silo busy enough to let calls expire answers them with <see cref="OperationCanceledException"/>: the live link
/// must take that as a failed call and try again, not as its host stopping (which ends the host).
/// </summary>
public sealed class LiveClusterLinkTests
{
    [Fact]
    public async Task Registrations_that_expire_in_a_busy_silo_are_retried_and_the_link_keeps_running()
    {
        var time = new FakeTimeProvider();
        var lifetime = new WatchedLifetime();
        var fanout = new FlakyFanout(failingCalls: [1, 3], started: () => lifetime.ApplicationStarted.IsCancellationRequested);
        var grains = FakeGrains.For(fanout);
        var relay = new LiveRelay(new HubLiveUpdates(null!, TestMeters.Live()), time);
        using var link = new LiveClusterLink(grains, relay, new HubLiveUpdates(null!, TestMeters.Live()), lifetime, time, NullLogger<LiveClusterLink>.Instance);

        // The host starts only once the link has looked at whether it has: no call may come before that (a co-hosted
        // silo does not accept calls yet).
        await link.StartAsync(TestContext.Current.CancellationToken);
        await lifetime.Asked.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        lifetime.Start();

        // 1: expired at start-up, retried a second later; 2: registered; 3: a renewal expired; 4: the next renewal.
        await Eventually.Advancing(time, TimeSpan.FromSeconds(1), () => fanout.Calls >= 2, "registered after the expired first call");
        await Eventually.Advancing(time, LiveHosts.RenewInterval, () => fanout.Calls >= 4, "renewed after an expired renewal");

        Assert.False(link.ExecuteTask!.IsCompleted, $"the link stopped: {link.ExecuteTask.Exception?.InnerException?.Message}");
        Assert.True(fanout.Registered >= 2, $"registered {fanout.Registered} times");
        Assert.Equal(0, fanout.CallsBeforeStart);
        await link.StopAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>A host lifetime that says when its start was first asked about, and starts when told.</summary>
    private sealed class WatchedLifetime : IHostApplicationLifetime
    {
        private readonly CancellationTokenSource _started = new();

        public TaskCompletionSource Asked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationToken ApplicationStarted
        {
            get
            {
                Asked.TrySetResult();
                return _started.Token;
            }
        }

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void Start() => _started.Cancel();

        public void StopApplication()
        {
        }
    }

    private sealed class FlakyFanout(int[] failingCalls, Func<bool> started) : ILiveFanoutGrain
    {
        private int _calls;
        private int _registered;
        private int _beforeStart;

        public int Calls => Volatile.Read(ref _calls);

        public int CallsBeforeStart => Volatile.Read(ref _beforeStart);

        public int Registered => Volatile.Read(ref _registered);

        public Task<int> RegisterAsync(string hostId, ILiveObserver observer)
        {
            var call = Interlocked.Increment(ref _calls);
            if (!started())
            {
                Interlocked.Increment(ref _beforeStart);
            }

            if (failingCalls.Contains(call))
            {
                return Task.FromException<int>(new OperationCanceledException("Message expired before placement could complete"));
            }

            Interlocked.Increment(ref _registered);
            return Task.FromResult(0);
        }

        public Task UnregisterAsync(string hostId) => Task.CompletedTask;

        public Task PublishAsync(string fromHostId, LiveBatch batch) => Task.CompletedTask;
    }

    /// <summary>A grain factory that knows the fan-out grain and hands observers back as their own references.</summary>
    public class FakeGrains : DispatchProxy
    {
        private ILiveFanoutGrain? _fanout;

        public static IGrainFactory For(ILiveFanoutGrain fanout)
        {
            var grains = DispatchProxy.Create<IGrainFactory, FakeGrains>();
            ((FakeGrains)(object)grains)._fanout = fanout;
            return grains;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod?.Name switch
        {
            nameof(IGrainFactory.GetGrain) when targetMethod.ReturnType == typeof(ILiveFanoutGrain) => _fanout,
            nameof(IGrainFactory.CreateObjectReference) => args![0],
            _ => throw new NotSupportedException(targetMethod?.Name),
        };
    }
}
