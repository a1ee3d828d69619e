using LifecycleActors.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Storage;
using Orleans.Streams;

namespace LifecycleActors.Grains;

/// <summary>The partition as the home of its customers (ADR 0019): the shard, its timers, and the forwarded calls.</summary>
public sealed partial class IngestPartitionGrain
{
    /// <summary>A send pass is registered and has not finished yet.</summary>
    private bool _sendPending;

    public Task<CustomerProfile?> GetCustomerAsync(string customerId) => Shard.CallAsync(customerId, c => c.GetAsync());

    public Task CatchUpCustomerAsync(string customerId) => Shard.CallAsync(customerId, c => c.CatchUpAsync());

    public Task SnapshotCustomerIfDirtyAsync(string customerId) =>
        Shard.CallAsync(customerId, c => c.SnapshotIfDirtyAsync(CancellationToken.None));

    public Task WakeCustomerAsync(string customerId) => Shard.WakeAsync(customerId);

    public Task ReferrerRegisteredAsync(string customerId, string referrerCustomerId) =>
        Shard.CallAsync(customerId, c => c.ReferrerRegisteredAsync(referrerCustomerId));

    public Task ReferralConvertedAsync(string customerId, string referredCustomerId) =>
        Shard.CallAsync(customerId, c => c.ReferralConvertedAsync(referredCustomerId));

    public Task EraseCustomerAsync(string customerId, DateTimeOffset erasedBefore) => Shard.EraseAsync(customerId, erasedBefore);

    public Task ForgetCustomerAsync(string customerId, string forgottenCustomerId, string pseudonym) =>
        Shard.CallAsync(customerId, c => c.ForgetCustomerAsync(forgottenCustomerId, pseudonym));

    private CustomerShard Shard => _shard
        ?? throw new InvalidOperationException("customers do not live in their partition on this silo (Lifecycle:Residency:InPartition)");

    private void StartShard()
    {
        var options = residency.Value;
        var snapshots = new GrainStorageSnapshots(
            ServiceProvider.GetRequiredKeyedService<IGrainStorage>(CustomerGrainState.StorageName), GrainFactory);
        _shard = new CustomerShard(_tenant, services, snapshots, active, options, time, () => ScheduleSending(TimeSpan.Zero), logger);
        this.RegisterGrainTimer(
            cancellationToken => _shard.SweepAsync(cancellationToken),
            new GrainTimerCreationOptions(options.SweepInterval, options.SweepInterval));
    }

    private async Task DeliverToShardAsync(CustomerShard shard, IList<SequentialItem<CustomerEvents>> items)
    {
        try
        {
            await shard.DeliverAsync(items.Select(i => i.Item));
        }
        catch (Exception ex)
        {
            var failed = ex is AggregateException each ? each.InnerExceptions.Count : items.Count;
            StorageUnreachable.Log(logger, "Ingest delivery", ex, e => LogDeliveryFailed(e, _tenant, failed));
        }
    }

    /// <summary>
    /// Sends what the partition's customers have for other customers and campaigns, from an interleaving timer turn
    /// (a message to a customer of this same partition is taken while the pass waits on it); what failed is tried again.
    /// </summary>
    private void ScheduleSending(TimeSpan delay)
    {
        if (_sendPending)
        {
            return;
        }

        _sendPending = true;
        IGrainTimer? timer = null;
        timer = this.RegisterGrainTimer(
            async cancellationToken =>
            {
                timer?.Dispose();
                try
                {
                    var unsent = Shard.WithUnsent();
                    await Task.WhenAll(unsent.Select(c => ResidentOutbox.SendAsync(GrainFactory, services.Campaigns, c, logger)));
                }
                catch (Exception ex)
                {
                    StorageUnreachable.Log(logger, "Customer messages", ex, e => LogSendPassFailed(e, _tenant));
                }
                finally
                {
                    // A pass that failed must not stop the ones after it: what is unsent is tried again.
                    _sendPending = false;
                }

                if (Shard.WithUnsent().Count > 0)
                {
                    ScheduleSending(TimeSpan.FromSeconds(5));
                }
            },
            new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan) { Interleave = true });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A send pass of the customers of tenant {Tenant} failed; what is unsent is tried again")]
    private partial void LogSendPassFailed(Exception exception, string tenant);
}
