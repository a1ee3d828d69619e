using System.Threading.Channels;
using LifecycleActors.Abstractions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace LifecycleActors.Storage.ReadModel;

/// <summary>
/// One writer loop per silo: collects rows for up to <see cref="BatchWindow"/>, keeps the newest row per
/// customer, and commits rows and transitions in one transaction. A failed commit is retried with the next batch.
/// </summary>
public sealed partial class SqliteReadModelWriter : IReadModelWriter, IAsyncDisposable
{
    private static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(500);

    private readonly SqliteDataSource _dataSource;
    private readonly ILogger<SqliteReadModelWriter> _logger;
    private readonly Channel<object> _queue = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private volatile TaskCompletionSource _flushRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SqliteReadModelWriter(string connectionString, ILogger<SqliteReadModelWriter> logger)
    {
        _dataSource = new SqliteDataSource(connectionString);
        _logger = logger;
        _loop = Task.Run(LoopAsync);
    }

    public void Enqueue(CustomerRow row) => _queue.Writer.TryWrite(row);

    public void Enqueue(IReadOnlyList<TransitionRecord> transitions)
    {
        if (transitions.Count > 0)
        {
            _queue.Writer.TryWrite(transitions);
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
    }

    private async Task LoopAsync()
    {
        var rows = new Dictionary<(string, string), CustomerRow>();
        var transitions = new List<TransitionRecord>();
        var flushes = new List<TaskCompletionSource>();
        while (await _queue.Reader.WaitToReadAsync())
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
                        break;
                    case IReadOnlyList<TransitionRecord> list:
                        transitions.AddRange(list);
                        break;
                    case TaskCompletionSource flush:
                        flushes.Add(flush);
                        break;
                }
            }

            try
            {
                await CommitAsync(rows.Values, transitions);
                rows.Clear();
                transitions.Clear();
                flushes.ForEach(f => f.TrySetResult());
            }
            catch (Exception ex)
            {
                // Rows stay queued and go with the next batch.
                LogCommitFailed(ex, rows.Count, transitions.Count);
                flushes.ForEach(f => f.TrySetException(ex));
            }

            flushes.Clear();
        }

        await CommitAsync(rows.Values, transitions);
    }

    private async Task CommitAsync(IReadOnlyCollection<CustomerRow> rows, List<TransitionRecord> transitions)
    {
        if (rows.Count == 0 && transitions.Count == 0)
        {
            return;
        }

        await using var connection = (SqliteConnection)await _dataSource.OpenConnectionAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        if (rows.Count > 0)
        {
            await using var upsert = connection.CreateCommand();
            upsert.Transaction = transaction;
            upsert.CommandText = """
                INSERT INTO customers (tenant, customer_id, stage, vip, advocate, net_spend, spend365, events_applied,
                                       applied_position, snapshot_position, next_change_at, updated_at, view,
                                       own_gap_days, purchase_days, first_purchase_day, last_purchase_day, repeat_mean_value)
                VALUES (@tenant, @customer, @stage, @vip, @advocate, @net, @spend365, @events, @applied, @snapshot, @next, @updated, @view,
                        @gap, @days, @first, @last, @repeat)
                ON CONFLICT (tenant, customer_id) DO UPDATE SET
                    stage = excluded.stage, vip = excluded.vip, advocate = excluded.advocate,
                    net_spend = excluded.net_spend, spend365 = excluded.spend365, events_applied = excluded.events_applied,
                    applied_position = excluded.applied_position,
                    snapshot_position = max(customers.snapshot_position, excluded.snapshot_position),
                    next_change_at = excluded.next_change_at, updated_at = excluded.updated_at, view = excluded.view,
                    own_gap_days = excluded.own_gap_days, purchase_days = excluded.purchase_days,
                    first_purchase_day = excluded.first_purchase_day, last_purchase_day = excluded.last_purchase_day,
                    repeat_mean_value = excluded.repeat_mean_value
                """;
            var p = Parameters(upsert, "@tenant", "@customer", "@stage", "@vip", "@advocate", "@net", "@spend365", "@events",
                "@applied", "@snapshot", "@next", "@updated", "@view", "@gap", "@days", "@first", "@last", "@repeat");
            upsert.Prepare();
            foreach (var row in rows)
            {
                p[0].Value = row.Tenant;
                p[1].Value = row.CustomerId;
                p[2].Value = row.Stage;
                p[3].Value = row.Vip ? 1 : 0;
                p[4].Value = row.Advocate ? 1 : 0;
                p[5].Value = (double)row.NetSpend;
                p[6].Value = (double)row.Spend365;
                p[7].Value = row.EventsApplied;
                p[8].Value = row.AppliedPosition;
                p[9].Value = row.SnapshotPosition;
                p[10].Value = row.NextChangeAt is { } next ? next.UtcTicks : DBNull.Value;
                p[11].Value = row.UpdatedAt.UtcTicks;
                p[12].Value = row.ViewJson;
                var population = row.Population;
                p[13].Value = (object?)population.OwnGapDays ?? DBNull.Value;
                p[14].Value = population.PurchaseDays;
                p[15].Value = (object?)population.FirstPurchaseDay ?? DBNull.Value;
                p[16].Value = (object?)population.LastPurchaseDay ?? DBNull.Value;
                p[17].Value = (object?)population.RepeatMeanValue ?? DBNull.Value;
                await upsert.ExecuteNonQueryAsync();
            }
        }

        if (transitions.Count > 0)
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO transitions (tenant, customer_id, sequence, kind, from_value, to_value, at, detected_at, reason)
                VALUES (@tenant, @customer, @sequence, @kind, @from, @to, @at, @detected, @reason)
                ON CONFLICT (tenant, customer_id, sequence) DO NOTHING
                """;
            var p = Parameters(insert, "@tenant", "@customer", "@sequence", "@kind", "@from", "@to", "@at", "@detected", "@reason");
            insert.Prepare();
            foreach (var t in transitions)
            {
                p[0].Value = t.Tenant;
                p[1].Value = t.CustomerId;
                p[2].Value = t.Sequence;
                p[3].Value = t.Kind;
                p[4].Value = t.From;
                p[5].Value = t.To;
                p[6].Value = t.At.UtcTicks;
                p[7].Value = t.DetectedAt.UtcTicks;
                p[8].Value = t.Reason;
                await insert.ExecuteNonQueryAsync();
            }
        }

        await transaction.CommitAsync();
    }

    private static SqliteParameter[] Parameters(SqliteCommand command, params string[] names) =>
        names.Select(name => command.Parameters.Add(new SqliteParameter { ParameterName = name })).ToArray();

    [LoggerMessage(Level = LogLevel.Error, Message = "Read model commit of {Rows} customers and {Transitions} transitions failed; retrying")]
    private partial void LogCommitFailed(Exception exception, int rows, int transitions);
}
