using System.Diagnostics;
using LifecycleActors.Abstractions;
using LifecycleActors.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;

namespace LifecycleActors.Grains;

/// <summary>
/// The consumer of one ingest stream: delivers each message's events to their customers, all customers of a message
/// at once. Waiting for them gives natural backpressure; a failed delivery is repaired from the event log by the
/// recovery pass. Where customers live in their partition (ADR 0019), they are held here in a
/// <see cref="CustomerShard"/> and the calls <see cref="CustomerGrain"/> forwards are taken here too (the
/// Resident file).
/// </summary>
[ImplicitStreamSubscription(StreamNames.Ingest)]
public sealed partial class IngestPartitionGrain(
    IOptions<ResidencyOptions> residency, CustomerServices services, ICustomerSnapshots snapshots, ActiveCustomers active, TimeProvider time, ILogger<IngestPartitionGrain> logger)
    : Grain, IIngestPartitionGrain, IAsyncBatchObserver<CustomerEvents>
{
    private string _tenant = "";
    private CustomerShard? _shard;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        _tenant = key[..key.LastIndexOf('/')];
        if (residency.Value.InPartition)
        {
            StartShard();
        }

        await this.GetStreamProvider(StreamNames.Provider)
            .GetStream<CustomerEvents>(StreamId.Create(StreamNames.Ingest, key))
            .SubscribeAsync(this);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _shard?.UnloadAllAsync(cancellationToken) ?? Task.CompletedTask;

    public async Task OnNextAsync(IList<SequentialItem<CustomerEvents>> items)
    {
        using var span = StartDeliverySpan(items);
        if (_shard is { } shard)
        {
            await DeliverToShardAsync(shard, items);
            return;
        }

        var deliveries = new Task[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var batch = items[i].Item;
            deliveries[i] = GrainFactory.GetGrain<ICustomerGrain>(CustomerKey.Of(_tenant, batch.CustomerId)).DeliverAsync(batch.Events);
        }

        try
        {
            await Task.WhenAll(deliveries);
        }
        catch (Exception ex)
        {
            StorageUnreachable.Log(logger, "Ingest delivery", ex, e => LogDeliveryFailed(e, _tenant, deliveries.Count(d => d.IsFaulted)));
        }
    }

    /// <summary>
    /// The delivery continues the trace of the request that published it, as a child: it is that request's work, done
    /// later (the request answered once its events were durable), and with memory streams one delivery is one
    /// publish. Should a delivery ever carry messages of several requests, the others are linked.
    /// </summary>
    private Activity? StartDeliverySpan(IList<SequentialItem<CustomerEvents>> items)
    {
        var producer = items.Count > 0 ? items[0].Item.TraceParent : null;
        if (producer is null)
        {
            return null;
        }

        var others = TraceParent.Links(items.Select(i => i.Item.TraceParent).Where(p => p != producer));
        return EventPathSpans.Deliver(_tenant, StreamNames.Ingest, TraceParent.Parse(producer), others, items.Count);
    }

    public Task OnErrorAsync(Exception ex)
    {
        StorageUnreachable.Log(logger, "Ingest delivery", ex, e => LogDeliveryFailed(e, _tenant, 0));
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ingest delivery to {Failed} customers of tenant {Tenant} failed; the recovery pass has their customers catch up from the log")]
    private partial void LogDeliveryFailed(Exception exception, string tenant, int failed);
}
