using LifecycleActors.Abstractions;
using LifecycleActors.Ingestion;
using LifecycleActors.Rules.Events;
using LifecycleActors.Storage.EventLog;
using Orleans.Streams;

namespace LifecycleActors.Silo.Hosting;

/// <summary>
/// The ingestion path: append the valid events of a request to the event log (durable once this returns), then
/// hand the accepted ones to their customers' streams. Stream delivery is the fast path only: if it fails, the
/// catch-up pass re-delivers from the log.
/// </summary>
public sealed partial class EventIngestion(IEventLog log, IClusterClient client, ILogger<EventIngestion> logger)
{
    public async Task<AppendResult> IngestAsync(string tenant, IReadOnlyList<ParsedEvent> events, CancellationToken cancellationToken)
    {
        var rows = new NewEvent[events.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = ToNewEvent(events[i]);
        }

        var result = await log.AppendAsync(tenant, rows, cancellationToken);
        await PublishAsync(tenant, result.Accepted);
        return result;
    }

    private async Task PublishAsync(string tenant, IReadOnlyList<LoggedEvent> accepted)
    {
        if (accepted.Count == 0)
        {
            return;
        }

        var provider = client.GetStreamProvider(StreamNames.Provider);
        var sends = new List<Task>();
        foreach (var customer in accepted.GroupBy(e => e.CustomerId, StringComparer.Ordinal))
        {
            var key = CustomerKey.Of(tenant, customer.Key);
            var stream = provider.GetStream<LoggedEvent>(StreamId.Create(StreamNames.CustomerEvents, key));
            sends.Add(stream.OnNextBatchAsync(customer.ToList()));
        }

        try
        {
            await Task.WhenAll(sends);
        }
        catch (Exception ex)
        {
            LogPublishFailed(ex, tenant, accepted.Count);
        }
    }

    private static NewEvent ToNewEvent(ParsedEvent e) => new(
        e.Id,
        e.CustomerId,
        e.Type.ToWireName(),
        e.OccurredAt,
        e.OrderId,
        e.Type is EventType.OrderPlaced or EventType.OrderRefunded ? e.Amount : null,
        e.Rating ?? e.Score,
        e.ReferredCustomerId,
        e.DataJson);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream delivery of {Count} accepted events of tenant {Tenant} failed; the catch-up pass delivers them from the log")]
    private partial void LogPublishFailed(Exception exception, string tenant, int count);
}
