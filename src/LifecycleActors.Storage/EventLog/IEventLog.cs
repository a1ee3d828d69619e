using LifecycleActors.Abstractions;

namespace LifecycleActors.Storage.EventLog;

/// <summary>The append-only event log, the source of truth.</summary>
public interface IEventLog
{
    /// <summary>
    /// Appends the events of one request durably; events whose id the tenant already has are duplicates.
    /// Returns once the accepted events are committed.
    /// </summary>
    Task<AppendResult> AppendAsync(string tenant, IReadOnlyList<NewEvent> events, CancellationToken cancellationToken);

    /// <summary>A customer's events after <paramref name="afterPosition"/>, in log order.</summary>
    Task<IReadOnlyList<LoggedEvent>> ReadCustomerAsync(string tenant, string customerId, long afterPosition, CancellationToken cancellationToken);

    /// <summary>
    /// How many log entries a customer has after <paramref name="afterPosition"/>, and the highest position among
    /// them; read from the index alone, so a customer can check cheaply that it has applied everything.
    /// </summary>
    Task<(int Count, long Last)> CountCustomerAsync(string tenant, string customerId, long afterPosition, CancellationToken cancellationToken);

    /// <summary>
    /// A customer's events for the timeline, newest first, strictly before the cursor; the events of the anonymous ids
    /// linked to it included.
    /// </summary>
    Task<IReadOnlyList<TimelineEvent>> ReadTimelineAsync(string tenant, string customerId, TimelineCursor? before, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// The latest occurredAt accepted per tenant (the event-time watermarks). Synchronous: read once while the
    /// service starts, before anything else uses the clock.
    /// </summary>
    IReadOnlyDictionary<string, DateTimeOffset> ReadWatermarks();

    /// <summary>
    /// The instant before which a customer's events are an erased past (ADR 0016): null unless the id was erased. A
    /// customer that starts fresh asks, so that an event of that past still on its way is not applied.
    /// </summary>
    Task<DateTimeOffset?> ErasedBeforeAsync(string tenant, string customerId, CancellationToken cancellationToken);

    /// <summary>The highest position in the log (0 when empty).</summary>
    Task<long> HeadAsync(CancellationToken cancellationToken);
}

/// <summary>
/// What an append accepted: the new log entries (in request order), the number of duplicates, the events the log
/// refused (an <c>identify</c> that would link an anonymous id to a second customer), and the number dropped as an
/// erased customer's past.
/// </summary>
public sealed record AppendResult(IReadOnlyList<LoggedEvent> Accepted, int Duplicates, IReadOnlyList<RefusedEvent>? Refused = null)
{
    public IReadOnlyList<RefusedEvent> Refused { get; } = Refused ?? [];

    public int Erased { get; init; }
}

/// <summary>An event the log refused, by its id, with a message naming the field.</summary>
public sealed record RefusedEvent(string EventId, string Error);

/// <summary>An event as the timeline shows it.</summary>
public sealed record TimelineEvent(long Position, string EventId, string Type, DateTimeOffset OccurredAt, DateTimeOffset ReceivedAt, string DataJson);

/// <summary>A timeline position: items strictly older than (At, Order) come next.</summary>
public sealed record TimelineCursor(long AtTicks, long Order);
