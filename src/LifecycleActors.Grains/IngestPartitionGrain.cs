using LifecycleActors.Abstractions;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace LifecycleActors.Grains;

/// <summary>
/// The consumer of one ingest stream: delivers each message's events to their customers, all customers of a message
/// at once. Waiting for them gives natural backpressure; a failed delivery is repaired from the event log by the
/// recovery pass.
/// </summary>
[ImplicitStreamSubscription(StreamNames.Ingest)]
public sealed partial class IngestPartitionGrain(ILogger<IngestPartitionGrain> logger)
    : Grain, IIngestPartitionGrain, IAsyncBatchObserver<CustomerEvents>
{
    private string _tenant = "";

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        _tenant = key[..key.LastIndexOf('/')];
        await this.GetStreamProvider(StreamNames.Provider)
            .GetStream<CustomerEvents>(StreamId.Create(StreamNames.Ingest, key))
            .SubscribeAsync(this);
    }

    public async Task OnNextAsync(IList<SequentialItem<CustomerEvents>> items)
    {
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
            LogDeliveryFailed(ex, _tenant, deliveries.Count(d => d.IsFaulted));
        }
    }

    public Task OnErrorAsync(Exception ex)
    {
        LogDeliveryFailed(ex, _tenant, 0);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ingest delivery to {Failed} customers of tenant {Tenant} failed; the recovery pass has their customers catch up from the log")]
    private partial void LogDeliveryFailed(Exception exception, string tenant, int failed);
}
