using System.Data;
using System.Data.Common;
using System.Diagnostics;
using System.Threading.Channels;
using LifecycleActors.Abstractions;
using LifecycleActors.Storage.Kpis;
using LifecycleActors.Storage.Relational;
using LifecycleActors.Telemetry;
using Microsoft.Extensions.Logging;

namespace LifecycleActors.Storage.ReadModel;

/// <summary>
/// One writer loop per silo: collects rows for up to <see cref="BatchWindow"/>, keeps the newest row per
/// customer, and commits rows and transitions in one transaction. A failed commit keeps its rows and is retried with
/// the next batch, or after <see cref="RetryInterval"/> when nothing new arrives.
/// The SQL is shared by SQLite and PostgreSQL but for the name of the two-argument maximum. With
/// <see cref="ReadModelMetrics"/> it reports its queue's depth and each commit's duration and rows.
/// </summary>
public abstract partial class RelationalReadModelWriter : IReadModelWriter, IAsyncDisposable
{
    private static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(500);

    /// <summary>How soon rows a commit could not write are tried again when nothing new arrives.</summary>
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);

    /// <summary>Rows and transitions the writer's buffers keep room for between batches.</summary>
    private const int RetainedCapacity = 4096;

    private readonly DbDataSource _dataSource;
    private readonly ILogger _logger;
    private readonly Channel<object> _queue = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ReadModelMetrics? _metrics;
    private readonly Task _loop;

    /// <summary>Rows and transitions queued or in a batch not yet committed (<see cref="QueueDepth"/>).</summary>
    private long _waiting;

    /// <summary>The loop's wait for the next queued item, while a retry did not wait for it to end.</summary>
    private Task<bool>? _queueWait;

    private volatile TaskCompletionSource _flushRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private protected RelationalReadModelWriter(DbDataSource dataSource, ILogger logger, ReadModelMetrics? metrics)
    {
        _dataSource = dataSource;
        _logger = logger;
        _metrics = metrics;
        metrics?.ObserveQueue(() => QueueDepth);
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Customer rows and transitions waiting: queued, or in a batch whose commit has not succeeded yet.</summary>
    public long QueueDepth => Interlocked.Read(ref _waiting);

    /// <summary><c>max</c> on SQLite, <c>greatest</c> on PostgreSQL.</summary>
    private protected abstract string Greatest { get; }

    public void Enqueue(CustomerRow row)
    {
        if (_queue.Writer.TryWrite(row))
        {
            Interlocked.Increment(ref _waiting);
        }
    }

    public void Enqueue(IReadOnlyList<TransitionRecord> transitions)
    {
        if (transitions.Count > 0 && _queue.Writer.TryWrite(transitions))
        {
            Interlocked.Add(ref _waiting, transitions.Count);
        }
    }

    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(done))
        {
            return Task.CompletedTask;
        }

        _flushRequested.TrySetResult();
        return done.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        _flushRequested.TrySetResult();
        await _loop;
        GC.SuppressFinalize(this);
    }

    private async Task LoopAsync()
    {
        var rows = new Dictionary<(string, string), CustomerRow>();
        var transitions = new List<TransitionRecord>();
        var flushes = new List<TaskCompletionSource>();

        // Everything taken from the queue since the last successful commit, superseded rows included.
        var taken = 0L;
        while (await MoreToWriteAsync(behind: rows.Count + transitions.Count > 0))
        {
            // Gather for one window, unless someone waits for a flush.
            await Task.WhenAny(Task.Delay(BatchWindow), _flushRequested.Task);
            _flushRequested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            while (_queue.Reader.TryRead(out var item))
            {
                switch (item)
                {
                    case CustomerRow row:
                        rows[(row.Tenant, row.CustomerId)] = row;
                        taken++;
                        break;
                    case IReadOnlyList<TransitionRecord> list:
                        transitions.AddRange(list);
                        taken += list.Count;
                        break;
                    case TaskCompletionSource flush:
                        flushes.Add(flush);
                        break;
                }
            }

            try
            {
                var started = Stopwatch.GetTimestamp();
                await CommitAsync(rows.Values, transitions);
                if (rows.Count + transitions.Count > 0)
                {
                    _metrics?.Flushed(rows.Count + transitions.Count, Stopwatch.GetElapsedTime(started));
                }

                Interlocked.Add(ref _waiting, -taken);
                taken = 0;
                rows.Clear();
                transitions.Clear();

                // A burst (a mass deactivation, a replay) must not keep its peak capacity for good.
                rows.TrimExcess(RetainedCapacity);
                transitions.Capacity = Math.Min(transitions.Capacity, RetainedCapacity);
                flushes.ForEach(f => f.TrySetResult());
            }
            catch (Exception ex)
            {
                // Rows stay queued and go with the next batch.
                StorageUnreachable.Log(_logger, "Read model commit", ex, e => LogCommitFailed(e, rows.Count, transitions.Count));
                flushes.ForEach(f => f.TrySetException(ex));
            }

            flushes.Clear();
        }

        await CommitAsync(rows.Values, transitions);
    }

    /// <summary>
    /// Waits for something to write: the next item in the queue or, while rows of a failed commit are still held
    /// (storage unreachable, a full disk, a locked database), at most <see cref="RetryInterval"/>, so they are written
    /// once storage takes writes again even if nothing new arrives. False once the queue is completed and drained.
    /// </summary>
    private async Task<bool> MoreToWriteAsync(bool behind)
    {
        // One wait on the queue at a time (the channel has a single reader), kept across retries until it completes.
        var more = _queueWait ??= _queue.Reader.WaitToReadAsync().AsTask();
        if (behind && await Task.WhenAny(more, Task.Delay(RetryInterval)) != more)
        {
            return true;
        }

        _queueWait = null;
        return await more;
    }

    private async Task CommitAsync(IReadOnlyCollection<CustomerRow> rows, List<TransitionRecord> transitions)
    {
        if (rows.Count == 0 && transitions.Count == 0)
        {
            return;
        }

        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        if (rows.Count > 0)
        {
            await UpsertCustomersAsync(connection, transaction, rows);
            await InsertLinkedAsync(connection, transaction, rows);
        }

        if (transitions.Count > 0)
        {
            await InsertTransitionsAsync(connection, transaction, transitions);
            await KpiPendingMarks.MarkAsync(connection, transaction, transitions.Select(t => (t.Tenant, t.CustomerId)), CancellationToken.None);
        }

        await transaction.CommitAsync();
    }

    /// <summary>Writes the newest row of each customer; one prepared statement per row (SQLite's statements cost no round trip).</summary>
    private protected virtual async Task UpsertCustomersAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<CustomerRow> rows)
    {
        await using var upsert = connection.Command(
            $"""
            INSERT INTO customers (tenant, customer_id, stage, vip, advocate, net_spend, spend365, events_applied,
                                   applied_position, snapshot_position, next_change_at, updated_at, view,
                                   own_gap_days, purchase_days, first_purchase_day, last_purchase_day, repeat_mean_value)
            VALUES (@tenant, @customer, @stage, @vip, @advocate, @net, @spend365, @events, @applied, @snapshot, @next, @updated, @view,
                    @gap, @days, @first, @last, @repeat)
            ON CONFLICT (tenant, customer_id) DO UPDATE SET
                stage = excluded.stage, vip = excluded.vip, advocate = excluded.advocate,
                net_spend = excluded.net_spend, spend365 = excluded.spend365, events_applied = excluded.events_applied,
                applied_position = excluded.applied_position,
                snapshot_position = {Greatest}(customers.snapshot_position, excluded.snapshot_position),
                next_change_at = excluded.next_change_at, updated_at = excluded.updated_at, view = excluded.view,
                own_gap_days = excluded.own_gap_days, purchase_days = excluded.purchase_days,
                first_purchase_day = excluded.first_purchase_day, last_purchase_day = excluded.last_purchase_day,
                repeat_mean_value = excluded.repeat_mean_value
            """,
            transaction);
        var p = upsert.Parameters(
            ("@tenant", DbType.String), ("@customer", DbType.String), ("@stage", DbType.String), ("@vip", DbType.Boolean),
            ("@advocate", DbType.Boolean), ("@net", DbType.Double), ("@spend365", DbType.Double), ("@events", DbType.Int32),
            ("@applied", DbType.Int64), ("@snapshot", DbType.Int64), ("@next", DbType.Int64), ("@updated", DbType.Int64),
            ("@view", DbType.String), ("@gap", DbType.Double), ("@days", DbType.Int32), ("@first", DbType.Int32),
            ("@last", DbType.Int32), ("@repeat", DbType.Double));
        await upsert.PrepareAsync();

        // In key order: two silos' batches touching the same rows then lock them in the same order, never a deadlock.
        foreach (var row in rows.OrderBy(r => r.Tenant, StringComparer.Ordinal).ThenBy(r => r.CustomerId, StringComparer.Ordinal))
        {
            var population = row.Population;
            Bind(p, row.Tenant, row.CustomerId, row.Stage, row.Vip, row.Advocate, (double)row.NetSpend, (double)row.Spend365,
                row.EventsApplied, row.AppliedPosition, row.SnapshotPosition, row.NextChangeAt?.UtcTicks, row.UpdatedAt.UtcTicks, row.ViewJson,
                population.OwnGapDays, population.PurchaseDays, population.FirstPurchaseDay, population.LastPurchaseDay, population.RepeatMeanValue);
            await upsert.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Records the anonymous ids the rows' customers have merged; in the rows' commit, so nobody counts twice.</summary>
    private static async Task InsertLinkedAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<CustomerRow> rows)
    {
        var links = rows
            .Where(r => r.LinkedAnonymousIds is { Count: > 0 })
            .SelectMany(r => r.LinkedAnonymousIds!.Select(a => (r.Tenant, Anonymous: a, r.CustomerId)))
            .OrderBy(l => l.Tenant, StringComparer.Ordinal).ThenBy(l => l.Anonymous, StringComparer.Ordinal)
            .ToList();
        if (links.Count == 0)
        {
            return;
        }

        await using var insert = connection.Command(
            """
            INSERT INTO linked_customers (tenant, anonymous_id, customer_id) VALUES (@tenant, @anonymous, @customer)
            ON CONFLICT (tenant, anonymous_id) DO NOTHING
            """,
            transaction);
        var p = insert.Parameters(("@tenant", DbType.String), ("@anonymous", DbType.String), ("@customer", DbType.String));
        await insert.PrepareAsync();
        foreach (var (tenant, anonymous, customer) in links)
        {
            Bind(p, tenant, anonymous, customer);
            await insert.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Adds the transitions; one already stored (the same customer and sequence) is left as it is.</summary>
    private protected virtual async Task InsertTransitionsAsync(DbConnection connection, DbTransaction transaction, List<TransitionRecord> transitions)
    {
        await using var insert = connection.Command(
            """
            INSERT INTO transitions (tenant, customer_id, sequence, kind, from_value, to_value, at, detected_at, reason, reason_code, reason_args)
            VALUES (@tenant, @customer, @sequence, @kind, @from, @to, @at, @detected, @reason, @reasonCode, @reasonArgs)
            ON CONFLICT (tenant, customer_id, sequence) DO NOTHING
            """,
            transaction);
        var p = insert.Parameters(
            ("@tenant", DbType.String), ("@customer", DbType.String), ("@sequence", DbType.Int64), ("@kind", DbType.String),
            ("@from", DbType.String), ("@to", DbType.String), ("@at", DbType.Int64), ("@detected", DbType.Int64), ("@reason", DbType.String),
            ("@reasonCode", DbType.String), ("@reasonArgs", DbType.String));
        await insert.PrepareAsync();
        foreach (var t in transitions.OrderBy(t => t.Tenant, StringComparer.Ordinal).ThenBy(t => t.CustomerId, StringComparer.Ordinal).ThenBy(t => t.Sequence))
        {
            Bind(p, t.Tenant, t.CustomerId, t.Sequence, t.Kind, t.From, t.To, t.At.UtcTicks, t.DetectedAt.UtcTicks, t.Reason, t.ReasonCode, t.ReasonArgs);
            await insert.ExecuteNonQueryAsync();
        }
    }

    private static void Bind(DbParameter[] parameters, params object?[] values)
    {
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Read model commit of {Rows} customers and {Transitions} transitions failed; retrying")]
    private partial void LogCommitFailed(Exception exception, int rows, int transitions);
}
