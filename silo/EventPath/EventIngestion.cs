using System.Diagnostics;
using LifecycleActors.Abstractions;
using LifecycleActors.Grains.Time;
using LifecycleActors.Ingestion;
using LifecycleActors.Rules.Events;
using LifecycleActors.Storage.EventLog;
using LifecycleActors.Telemetry;
using Microsoft.Extensions.Options;
using Orleans.Streams;

namespace LifecycleActors.Silo.EventPath;

/// <summary>
/// The ingestion path: append the valid events of a request to the event log (durable once this returns), then
/// hand the accepted ones to the ingest streams, one message per partition of customers. Stream delivery is the fast path only: if it fails, the
/// recovery pass has the customer catch up from the log.
/// </summary>
public sealed partial class EventIngestion(
    IEventLog log,
    ITenantClock clock,
    IClusterClient client,
    IOptions<IngestOptions> partitions,
    IngestMetrics metrics,
    ILogger<EventIngestion> logger)
{
    /// <param name="receivedAt">When the request carrying the events arrived (<see cref="Stopwatch.GetTimestamp"/>),
    /// for the request-to-durable latency; null for events that came by no request.</param>
    public async Task<AppendResult> IngestAsync(
        string tenant, IReadOnlyList<ParsedEvent> events, CancellationToken cancellationToken, long? receivedAt = null)
    {
        var rows = new NewEvent[events.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = ToNewEvent(events[i]);
        }

        if (rows.Length == 0)
        {
            return new AppendResult([], 0);
        }

        // In event-time mode the tenant's clock must not pass these events before they are in the log.
        AppendResult result;
        using (EventPathSpans.Append(tenant, rows.Length))
        using (clock.Hold(tenant, rows.Min(r => r.OccurredAt)))
        {
            result = await log.AppendAsync(tenant, rows, cancellationToken);
            if (receivedAt is { } received)
            {
                metrics.Durable(tenant, Stopwatch.GetElapsedTime(received));
            }

            if (result.Accepted.Count > 0)
            {
                clock.Observe(tenant, result.Accepted.Max(e => e.OccurredAt));
            }
        }

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
        var byPartition = accepted
            .GroupBy(e => e.CustomerId, StringComparer.Ordinal)
            .GroupBy(customer => IngestPartitions.Of(customer.Key, partitions.Value.Partitions))
            .ToList();

        // Memory streams carry no trace context of ours: each message names the publishing span (null when unobserved).
        using var span = EventPathSpans.Publish(tenant, StreamNames.Ingest, accepted.Count, byPartition.Count);
        var traceParent = TraceParent.Of(span);
        foreach (var partition in byPartition)
        {
            var stream = provider.GetStream<CustomerEvents>(StreamId.Create(StreamNames.Ingest, IngestPartitions.StreamKey(tenant, partition.Key)));
            sends.Add(stream.OnNextBatchAsync(partition.Select(customer => new CustomerEvents(customer.Key, customer.ToList(), traceParent)).ToList()));
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream delivery of {Count} accepted events of tenant {Tenant} failed; the recovery pass has their customers catch up from the log")]
    private partial void LogPublishFailed(Exception exception, string tenant, int count);
}
