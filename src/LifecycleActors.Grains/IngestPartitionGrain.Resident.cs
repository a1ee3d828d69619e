using System.Runtime.ExceptionServices;
using LifecycleActors.Abstractions;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace LifecycleActors.Grains;

/// <summary>The partition as the home of its customers (ADR 0019): the shard, its timers, and the forwarded calls.</summary>
public sealed partial class IngestPartitionGrain
{
    private SendPasses? _sending;

    public async Task DeliverCustomerAsync(string customerId, IReadOnlyList<LoggedEvent> events)
    {
        try
        {
            await Shard.DeliverAsync([new CustomerEvents(customerId, events)]);
        }
        catch (AggregateException one) when (one.InnerExceptions.Count == 1)
        {
            ExceptionDispatchInfo.Throw(one.InnerExceptions[0]);
        }
    }

    public Task<CustomerProfile?> GetCustomerAsync(string customerId) => Shard.CallAsync(customerId, c => c.GetAsync());

    public Task CatchUpCustomerAsync(string customerId) => Shard.CallAsync(customerId, c => c.CatchUpAsync());

    public Task SnapshotCustomerIfDirtyAsync(string customerId) =>
        Shard.CallAsync(customerId, c => c.SnapshotIfDirtyAsync(CancellationToken.None));

    public async Task WakeCustomerAsync(string customerId)
    {
        if ((await Shard.WakeAsync([customerId])) is [var failed, ..])
        {
            ExceptionDispatchInfo.Throw(failed.Error);
        }
    }

    public async Task<string[]> WakeCustomersAsync(string[] customerIds)
    {
        var failed = await Shard.WakeAsync(customerIds);
        foreach (var wake in failed)
        {
            // It stays due, so the scheduler's next pass tries again. Storage that cannot be reached is said once by the silo.
            StorageUnreachable.Log(logger, "Waking a due customer", wake.Error, e => LogWakeFailed(e, _tenant, wake.CustomerId));
        }

        return [.. failed.Select(w => w.CustomerId)];
    }

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
        _shard = new CustomerShard(_tenant, services, snapshots, active, options, time, () => ScheduleSending(TimeSpan.Zero), logger);
        var sweep = options.SweepInterval(services.Snapshots);
        this.RegisterGrainTimer(cancellationToken => _shard.SweepAsync(cancellationToken), new GrainTimerCreationOptions(sweep, sweep));
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
    /// Sends what the partition's customers have for other customers and campaigns (a message to a customer of this
    /// same partition is taken while the pass waits on it); a failed pass is logged, and what is unsent tried again.
    /// </summary>
    private void ScheduleSending(TimeSpan delay)
    {
        _sending ??= new SendPasses(this, SendPassAsync, Shard.AnyUnsent);
        _sending.Schedule(delay);
    }

    private async Task SendPassAsync()
    {
        try
        {
            var unsent = Shard.WithUnsent();
            await Task.WhenAll(unsent.Select(c => ResidentOutbox.SendAsync(GrainFactory, services.Campaigns, c, logger)));
        }
        catch (Exception ex)
        {
            StorageUnreachable.Log(logger, "Customer messages", ex, e => LogSendPassFailed(e, _tenant));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Waking customer {Tenant}/{CustomerId} failed; it is retried at the next pass")]
    private partial void LogWakeFailed(Exception exception, string tenant, string customerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A send pass of the customers of tenant {Tenant} failed; what is unsent is tried again")]
    private partial void LogSendPassFailed(Exception exception, string tenant);
}
