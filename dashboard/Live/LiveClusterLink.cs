using LifecycleActors.Abstractions;
using LifecycleActors.Grains.Hosting;
using LifecycleActors.Grains.Live;
using LifecycleActors.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LifecycleActors.Dashboard.Live;

/// <summary>
/// Connects this host's live screens to the rest of the cluster through the fan-out grain: registers an observer
/// every <see cref="LiveHosts.RenewInterval"/> (so a restarted fan-out or a new host is known within seconds), pushes what
/// other hosts publish to the agents connected here, and publishes what this host's customers report.
/// </summary>
public sealed partial class LiveClusterLink(
    IGrainFactory grains, LiveRelay relay, HubLiveUpdates local, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<LiveClusterLink> logger)
    : BackgroundService
{
    private const int MaxBatch = 2000;

    private readonly string _hostId = Guid.NewGuid().ToString("n");
    private readonly Receiver _receiver = new(local);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A call before the co-hosted silo accepts calls only makes Orleans retry its placement, with a warning each time.
        if (!await lifetime.WaitForStartAsync(stoppingToken))
        {
            return;
        }

        var observer = await RegisterUntilConnectedAsync(stoppingToken);
        var fanout = grains.GetGrain<ILiveFanoutGrain>(0);
        var sending = SendAsync(fanout, stoppingToken);
        using var timer = new PeriodicTimer(LiveHosts.RenewInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RegisterAsync(fanout, observer, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await sending;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await grains.GetGrain<ILiveFanoutGrain>(0).UnregisterAsync(_hostId).WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
        }
        catch (Exception)
        {
            // The cluster may already be gone, or the stop's time be up: either way the registration expires by itself.
        }
    }

    private async Task<ILiveObserver> RegisterUntilConnectedAsync(CancellationToken stoppingToken)
    {
        // The fan-out grain may be moving (a silo left): retry until a registration goes through.
        while (true)
        {
            try
            {
                var observer = grains.CreateObjectReference<ILiveObserver>(_receiver);
                relay.OtherHostsReported(await grains.GetGrain<ILiveFanoutGrain>(0).RegisterAsync(_hostId, observer));
                return observer;
            }
            catch (Exception) when (!stoppingToken.IsCancellationRequested)
            {
                // Orleans reports a call that expired in its queues as cancelled too: only this host stopping ends the loop.
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            }
        }
    }

    private async Task RegisterAsync(ILiveFanoutGrain fanout, ILiveObserver observer, CancellationToken stoppingToken)
    {
        try
        {
            relay.OtherHostsReported(await fanout.RegisterAsync(_hostId, observer));
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            LogRenewFailed(logger, ex);
        }
    }

    private async Task SendAsync(ILiveFanoutGrain fanout, CancellationToken stoppingToken)
    {
        try
        {
            while (await relay.Outgoing.WaitToReadAsync(stoppingToken))
            {
                while (relay.TakeBatch(MaxBatch) is { } batch)
                {
                    // One-way: a slow or lost fan-out never holds up this host.
                    _ = fanout.PublishAsync(_hostId, batch);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Receives other hosts' updates for the agents connected here.</summary>
    private sealed class Receiver(HubLiveUpdates local) : ILiveObserver
    {
        public Task OnLiveAsync(LiveBatch batch)
        {
            if (batch.Transitions.Count > 0)
            {
                // Detected on another host and batched with others: the push links to each transition's span.
                using var span = ReactionSpans.LivePush(null, batch.Transitions.Count, TraceParent.Links(batch.TraceParents ?? []));
                local.Transitions(batch.Transitions);
            }

            foreach (var change in batch.Customers)
            {
                local.CustomerChanged(change.Tenant, change.Customer);
            }

            foreach (var task in batch.Tasks)
            {
                local.TaskChanged(task);
            }

            foreach (var erasure in batch.Erasures ?? [])
            {
                local.CustomerErased(erasure);
            }

            return Task.CompletedTask;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew this host's live-screen registration; retrying")]
    private static partial void LogRenewFailed(ILogger logger, Exception exception);
}
