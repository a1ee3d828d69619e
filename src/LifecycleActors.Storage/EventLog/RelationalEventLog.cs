using System.Data;
using System.Data.Common;
using System.Threading.Channels;
using LifecycleActors.Abstractions;
using LifecycleActors.Storage.Relational;
using LifecycleActors.Storage.Retention;
using Microsoft.Extensions.Logging;

namespace LifecycleActors.Storage.EventLog;

/// <summary>
/// The event log over ADO.NET: the reads, the same SQL on SQLite and PostgreSQL, and the append path. Appends from
/// concurrent requests are group-committed by one writer per process: each loop takes every pending request and
/// hands them to the engine's <see cref="CommitAsync"/> as one transaction, so a burst of requests costs one
/// durable commit instead of one each. A request completes only after that commit.
/// </summary>
public abstract partial class RelationalEventLog : IEventLog, IAsyncDisposable
{
    private readonly DbDataSource _reads;
    private readonly int _maxEventsPerCommit;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<PendingAppend> _queue = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    private protected RelationalEventLog(DbDataSource reads, int maxEventsPerCommit, TimeProvider time, ILogger logger)
    {
        _reads = reads;
        _maxEventsPerCommit = maxEventsPerCommit;
        _time = time;
        _logger = logger;
        _writer = Task.Run(WriteLoopAsync);
    }

    public Task<AppendResult> AppendAsync(string tenant, IReadOnlyList<NewEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return Task.FromResult(new AppendResult([], 0));
        }

        var pending = new PendingAppend(tenant, events, new TaskCompletionSource<AppendResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("the event log is shut down");
        }

        // The caller may stop waiting, but the write itself goes ahead: once queued, an append is not withdrawn.
        return pending.Done.Task.WaitAsync(cancellationToken);
    }

    public virtual async Task<IReadOnlyList<LoggedEvent>> ReadCustomerAsync(string tenant, string customerId, long afterPosition, CancellationToken cancellationToken)
    {
        await using var connection = await _reads.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command("""
            SELECT position, event_id, customer_id, type, occurred_at, order_id, amount, int_value, referred_id, sent_as
            FROM event_log
            WHERE tenant = @tenant AND customer_id = @customer AND position > @after AND type <> @summary
            ORDER BY position
            """);
        AddCustomer(command, tenant, customerId, afterPosition);

        // A summary of removed entries (ADR 0017) is no event: the snapshot that holds them is what the customer applies.
        command.Add("@summary", HistorySummary.Type, DbType.String);
        return await command.ReadListAsync(
            r => Logged(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.Ticks(4), r.NullableString(5), r.Amount(6), r.NullableInt32(7), r.NullableString(8), r.NullableString(9)),
            cancellationToken);
    }

    public virtual async Task<(int Count, long Last)> CountCustomerAsync(string tenant, string customerId, long afterPosition, CancellationToken cancellationToken)
    {
        await using var connection = await _reads.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command("""
            SELECT COUNT(*), coalesce(MAX(position), 0)
            FROM event_log
            WHERE tenant = @tenant AND customer_id = @customer AND position > @after
            """);
        AddCustomer(command, tenant, customerId, afterPosition);
        var rows = await command.ReadListAsync(r => ((int)r.GetInt64(0), r.GetInt64(1)), cancellationToken);
        return rows[0];
    }

    public async Task<IReadOnlyList<TimelineEvent>> ReadTimelineAsync(string tenant, string customerId, TimelineCursor? before, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await _reads.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command("""
            SELECT position, event_id, type, occurred_at, received_at, data
            FROM event_log
            WHERE tenant = @tenant
              AND (customer_id = @customer
                   OR customer_id IN (SELECT anonymous_id FROM identity_links WHERE tenant = @tenant AND customer_id = @customer))
              AND (occurred_at, position) < (@at, @order)
            ORDER BY occurred_at DESC, position DESC
            LIMIT @limit
            """);
        command.AddCustomerPage(tenant, customerId, before, limit);
        return await command.ReadListAsync(
            r => new TimelineEvent(r.GetInt64(0), r.GetString(1), r.GetString(2), r.Ticks(3), r.Ticks(4), r.GetString(5)),
            cancellationToken);
    }

    public async Task<long> HeadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _reads.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command("SELECT coalesce(MAX(position), 0) FROM event_log");
        return await command.ReadInt64Async(cancellationToken);
    }

    public IReadOnlyDictionary<string, DateTimeOffset> ReadWatermarks()
    {
        using var connection = _reads.OpenConnection();
        using var command = connection.Command("SELECT tenant, watermark FROM tenant_watermarks");
        var watermarks = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            watermarks[reader.GetString(0)] = reader.Ticks(1);
        }

        return watermarks;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
        await DisposeWriterAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Writes the requests of one batch in one transaction: the accepted events of each (in request order, a
    /// repeated id a duplicate) and the tenants' new watermarks (<see cref="HighestOccurredAt"/>); returns once
    /// committed, one result per request.
    /// </summary>
    private protected abstract Task<AppendResult[]> CommitAsync(IReadOnlyList<PendingAppend> batch, long receivedAtTicks);

    /// <summary>Releases what the writer loop kept open; called after the loop has ended.</summary>
    private protected virtual ValueTask DisposeWriterAsync() => ValueTask.CompletedTask;

    /// <summary>
    /// Inserts rows in the given order into the open transaction; an id the tenant already has (also earlier in
    /// <paramref name="rows"/>) is left out. Returns the positions of the inserted rows by event id.
    /// </summary>
    private protected abstract Task<Dictionary<string, long>> InsertRowsAsync(
        DbConnection connection, DbTransaction transaction, string tenant, IReadOnlyList<NewEvent> rows, long receivedAt);

    /// <summary>
    /// Writes one request's events: as they are, or, when some are sent under anonymous ids, routed by the tenant's
    /// identity links (<see cref="InsertLinkedAsync"/>).
    /// </summary>
    private protected async Task<AppendResult> InsertRequestAsync(DbConnection connection, DbTransaction transaction, PendingAppend pending, long receivedAt)
    {
        var (events, erased) = await DropErasedAsync(connection, transaction, pending.Tenant, pending.Events);
        if (events.Count == 0)
        {
            return new AppendResult([], 0) { Erased = erased };
        }

        if (!events.Any(e => e.Anonymous))
        {
            var positions = await InsertRowsAsync(connection, transaction, pending.Tenant, events, receivedAt);
            return Accepted(events, positions, events.Count, []) with { Erased = erased };
        }

        var request = erased == 0 ? pending : pending with { Events = events };
        return await InsertLinkedAsync(connection, transaction, request, receivedAt) with { Erased = erased };
    }

    /// <summary>The accepted entries of the rows written, in request order, given the positions the inserts returned by event id.</summary>
    private protected static AppendResult Accepted(IReadOnlyList<NewEvent> written, Dictionary<string, long> positions, int sent, IReadOnlyList<RefusedEvent> refused)
    {
        var accepted = new List<LoggedEvent>(positions.Count);
        foreach (var e in written)
        {
            if (positions.Remove(e.EventId, out var position))
            {
                accepted.Add(Logged(
                    position,
                    e.EventId,
                    e.CustomerId,
                    e.Type,
                    new DateTimeOffset(e.OccurredAt.UtcTicks, TimeSpan.Zero),
                    e.OrderId,
                    e.Amount ?? 0m,
                    e.IntValue,
                    e.ReferredCustomerId,
                    e.SentAs));
            }
        }

        return new AppendResult(accepted, sent - accepted.Count - refused.Count, refused);
    }

    /// <summary>Per tenant, the latest occurredAt (UTC ticks) among the events a batch accepted.</summary>
    private protected static Dictionary<string, long> HighestOccurredAt(IReadOnlyList<PendingAppend> batch, AppendResult[] results)
    {
        var watermarks = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < batch.Count; i++)
        {
            foreach (var e in results[i].Accepted)
            {
                var ticks = e.OccurredAt.UtcTicks;
                if (!watermarks.TryGetValue(batch[i].Tenant, out var known) || ticks > known)
                {
                    watermarks[batch[i].Tenant] = ticks;
                }
            }
        }

        return watermarks;
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingAppend>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            var events = 0;
            while (events < _maxEventsPerCommit && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
                events += pending.Events.Count;
            }

            try
            {
                // Read again in the commit's own transaction: another silo's erasure may have made a tenant's salt.
                _commitSalts = null;
                var results = await CommitAsync(batch, _time.GetUtcNow().UtcTicks);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.TrySetResult(results[i]);
                }
            }
            catch (Exception ex)
            {
                StorageUnreachable.Log(_logger, "Event log commit", ex, e => LogCommitFailed(e, batch.Count, events));
                foreach (var pending in batch)
                {
                    pending.Done.TrySetException(ex);
                }
            }
        }
    }

    private static void AddCustomer(DbCommand command, string tenant, string customerId, long afterPosition)
    {
        command.Add("@tenant", tenant, DbType.String);
        command.Add("@customer", customerId, DbType.String);
        command.Add("@after", afterPosition, DbType.Int64);
    }

    /// <summary>A log entry as grains see it; the one integer column is a review's rating or an NPS score.</summary>
    private protected static LoggedEvent Logged(
        long position, string eventId, string customerId, string type, DateTimeOffset occurredAt, string? orderId, decimal amount, int? intValue, string? referredId, string? sentAs) =>
        new(
            position,
            eventId,
            customerId,
            type,
            occurredAt,
            orderId,
            amount,
            type == "review_submitted" ? intValue : null,
            type == "nps_response" ? intValue : null,
            referredId,
            sentAs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Event log commit of {Requests} requests ({Events} events) failed")]
    private partial void LogCommitFailed(Exception exception, int requests, int events);
}

/// <summary>One request's events waiting for the writer.</summary>
internal sealed record PendingAppend(string Tenant, IReadOnlyList<NewEvent> Events, TaskCompletionSource<AppendResult> Done);
