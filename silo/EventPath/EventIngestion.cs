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
/// recovery pass has the customer catch up from the log. The hand-over is waited for at most
/// <see cref="IngestOptions.PublishWait"/>, so a silo that stands still holding a stream's queue delays the answer by
/// that much and no more; a stall is logged once when it begins and once when hand-overs are prompt again.
/// </summary>
public sealed partial class EventIngestion(
    IEventLog log,
    ITenantClock clock,
    IClusterClient client,
    IOptions<IngestOptions> partitions,
    IngestMetrics metrics,
    CustomerMetrics customerMetrics,
    ILogger<EventIngestion> logger)
{
    /// <summary>1 while hand-overs outlast the wait (said once), 0 once one is prompt again.</summary>
    private int _stalled;

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

            customerMetrics.LinksRefused(tenant, result.Refused.Count);
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

        var published = Task.WhenAll(sends);
        var wait = partitions.Value.PublishWait;
        using var waited = new CancellationTokenSource(wait);
        try
        {
            await published.WaitAsync(waited.Token);
            if (Interlocked.Exchange(ref _stalled, 0) == 1)
            {
                LogPublishPrompt(tenant);
            }
        }
        catch (OperationCanceledException) when (waited.IsCancellationRequested)
        {
            if (Interlocked.Exchange(ref _stalled, 1) == 0)
            {
                LogPublishStalled(wait.TotalSeconds, tenant);
            }

            _ = ObserveLateAsync(published, tenant, accepted.Count);
        }
        catch (Exception ex)
        {
            LogPublishFailed(ex, tenant, accepted.Count);
        }
    }

    /// <summary>A hand-over that outlived the wait: its failure, if it fails, is known only to the debug log (the stall was said once).</summary>
    private async Task ObserveLateAsync(Task published, string tenant, int count)
    {
        try
        {
            await published;
        }
        catch (Exception ex)
        {
            LogLatePublishFailed(ex.GetType().Name, tenant, count);
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
        e.DataJson,
        Anonymous: AnonymousIds.IsAnonymous(e.CustomerId),
        LinkTo: e.LinkedCustomerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream delivery of {Count} accepted events of tenant {Tenant} failed; the recovery pass has their customers catch up from the log")]
    private partial void LogPublishFailed(Exception exception, string tenant, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream delivery is not answered within {Seconds} s (tenant {Tenant}; a silo holding an ingest queue does not answer): requests are acknowledged once their events are durable, and deliveries that never arrive are made from the log by the recovery pass")]
    private partial void LogPublishStalled(double seconds, string tenant);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream delivery answers promptly again (tenant {Tenant})")]
    private partial void LogPublishPrompt(string tenant);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stream delivery of {Count} accepted events of tenant {Tenant}, acknowledged before it was answered, failed ({Error}); the recovery pass has their customers catch up from the log")]
    private partial void LogLatePublishFailed(string error, string tenant, int count);
}
