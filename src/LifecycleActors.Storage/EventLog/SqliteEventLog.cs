using System.Globalization;
using System.Text;
using System.Threading.Channels;
using LifecycleActors.Abstractions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace LifecycleActors.Storage.EventLog;

/// <summary>
/// The event log on SQLite. Appends from concurrent requests are group-committed by one writer: each loop takes
/// every pending request, writes them in one transaction and completes them together, so a burst of requests
/// costs one durable commit instead of one each, and writers never contend for SQLite's single write lock.
/// </summary>
public sealed partial class SqliteEventLog : IEventLog, IAsyncDisposable
{
    private const int RowsPerStatement = 200;

    private readonly string _connectionString;
    private readonly int _maxEventsPerCommit;
    private readonly TimeProvider _time;
    private readonly ILogger<SqliteEventLog> _logger;
    private readonly Channel<PendingAppend> _queue = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    private const int ColumnsPerRow = 9;

    private readonly Dictionary<int, SqliteCommand> _insertCommands = [];
    private readonly Task _writer;

    public SqliteEventLog(string connectionString, int maxEventsPerCommit, TimeProvider time, ILogger<SqliteEventLog> logger)
    {
        _connectionString = connectionString;
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

    public async Task<IReadOnlyList<LoggedEvent>> ReadCustomerAsync(string tenant, string customerId, long afterPosition, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT position, event_id, customer_id, type, occurred_at, order_id, amount, int_value, referred_id
            FROM event_log
            WHERE tenant = @tenant AND customer_id = @customer AND position > @after
            ORDER BY position
            """;
        command.Parameters.AddWithValue("@tenant", tenant);
        command.Parameters.AddWithValue("@customer", customerId);
        command.Parameters.AddWithValue("@after", afterPosition);
        var events = new List<LoggedEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(Logged(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                new DateTimeOffset(reader.GetInt64(4), TimeSpan.Zero),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? 0m : decimal.Parse(reader.GetString(6), CultureInfo.InvariantCulture),
                reader.IsDBNull(7) ? null : reader.GetInt32(7),
                reader.IsDBNull(8) ? null : reader.GetString(8)));
        }

        return events;
    }

    public async Task<(int Count, long Last)> CountCustomerAsync(string tenant, string customerId, long afterPosition, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT COUNT(*), ifnull(MAX(position), 0)
            FROM event_log
            WHERE tenant = @tenant AND customer_id = @customer AND position > @after
            """;
        command.Parameters.AddWithValue("@tenant", tenant);
        command.Parameters.AddWithValue("@customer", customerId);
        command.Parameters.AddWithValue("@after", afterPosition);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt32(0), reader.GetInt64(1));
    }

    public async Task<IReadOnlyList<TimelineEvent>> ReadTimelineAsync(string tenant, string customerId, TimelineCursor? before, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT position, event_id, type, occurred_at, received_at, data
            FROM event_log
            WHERE tenant = @tenant AND customer_id = @customer AND (occurred_at, position) < (@at, @order)
            ORDER BY occurred_at DESC, position DESC
            LIMIT @limit
            """;
        command.AddCustomerPage(tenant, customerId, before, limit);
        var events = new List<TimelineEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new TimelineEvent(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero),
                new DateTimeOffset(reader.GetInt64(4), TimeSpan.Zero),
                reader.GetString(5)));
        }

        return events;
    }

    public async Task<long> HeadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT ifnull(MAX(position), 0) FROM event_log";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    public IReadOnlyDictionary<string, DateTimeOffset> ReadWatermarks()
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT tenant, watermark FROM tenant_watermarks";
        var watermarks = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            watermarks[reader.GetString(0)] = new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero);
        }

        return watermarks;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private async Task WriteLoopAsync()
    {
        await using var connection = await OpenAsync(CancellationToken.None);
        await using (var pragma = connection.CreateCommand())
        {
            // FULL: a commit is on disk before the request is acknowledged, even across a power cut.
            pragma.CommandText = "PRAGMA synchronous = FULL";
            await pragma.ExecuteNonQueryAsync();
        }

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
                var results = await CommitAsync(connection, batch);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.TrySetResult(results[i]);
                }
            }
            catch (Exception ex)
            {
                LogCommitFailed(ex, batch.Count, events);
                foreach (var pending in batch)
                {
                    pending.Done.TrySetException(ex);
                }
            }
        }

        foreach (var command in _insertCommands.Values)
        {
            command.Dispose();
        }
    }

    private async Task<AppendResult[]> CommitAsync(SqliteConnection connection, List<PendingAppend> batch)
    {
        var receivedAt = _time.GetUtcNow().UtcTicks;
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        var results = new AppendResult[batch.Count];
        var watermarks = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < batch.Count; i++)
        {
            results[i] = await InsertAsync(connection, transaction, batch[i], receivedAt);
            foreach (var e in results[i].Accepted)
            {
                var ticks = e.OccurredAt.UtcTicks;
                if (!watermarks.TryGetValue(batch[i].Tenant, out var known) || ticks > known)
                {
                    watermarks[batch[i].Tenant] = ticks;
                }
            }
        }

        foreach (var (tenant, ticks) in watermarks)
        {
            await AdvanceWatermarkAsync(connection, transaction, tenant, ticks);
        }

        await transaction.CommitAsync();
        return results;
    }

    private static async Task AdvanceWatermarkAsync(SqliteConnection connection, SqliteTransaction transaction, string tenant, long ticks)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO tenant_watermarks (tenant, watermark) VALUES (@tenant, @ticks)
            ON CONFLICT (tenant) DO UPDATE SET watermark = max(watermark, excluded.watermark)
            """;
        command.Parameters.AddWithValue("@tenant", tenant);
        command.Parameters.AddWithValue("@ticks", ticks);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<AppendResult> InsertAsync(SqliteConnection connection, SqliteTransaction transaction, PendingAppend pending, long receivedAt)
    {
        var positions = new Dictionary<string, long>(pending.Events.Count, StringComparer.Ordinal);
        for (var start = 0; start < pending.Events.Count; start += RowsPerStatement)
        {
            var count = Math.Min(RowsPerStatement, pending.Events.Count - start);
            var command = InsertCommand(connection, count);
            command.Transaction = transaction;
            var p = command.Parameters;
            p[0].Value = pending.Tenant;
            p[1].Value = receivedAt;
            for (var i = 0; i < count; i++)
            {
                var e = pending.Events[start + i];
                var at = 2 + (i * ColumnsPerRow);
                p[at].Value = e.EventId;
                p[at + 1].Value = e.CustomerId;
                p[at + 2].Value = e.Type;
                p[at + 3].Value = e.OccurredAt.UtcTicks;
                p[at + 4].Value = (object?)e.OrderId ?? DBNull.Value;
                p[at + 5].Value = e.Amount is { } amount ? amount.ToString(CultureInfo.InvariantCulture) : DBNull.Value;
                p[at + 6].Value = (object?)e.IntValue ?? DBNull.Value;
                p[at + 7].Value = (object?)e.ReferredCustomerId ?? DBNull.Value;
                p[at + 8].Value = e.DataJson;
            }

            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                positions[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        var accepted = new List<LoggedEvent>(positions.Count);
        foreach (var e in pending.Events)
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
                    e.ReferredCustomerId));
            }
        }

        return new AppendResult(accepted, pending.Events.Count - accepted.Count);
    }

    /// <summary>
    /// One prepared multi-row insert per row count, kept for the life of the writer's connection: SQLite then
    /// compiles each statement once, and binding reuses the parameter objects.
    /// </summary>
    private SqliteCommand InsertCommand(SqliteConnection connection, int rows)
    {
        if (_insertCommands.TryGetValue(rows, out var cached))
        {
            return cached;
        }

        var text = new StringBuilder("INSERT INTO event_log (tenant, event_id, customer_id, type, occurred_at, received_at, order_id, amount, int_value, referred_id, data) VALUES ");
        for (var i = 0; i < rows; i++)
        {
            text.Append(i == 0 ? "" : ",")
                .Append(CultureInfo.InvariantCulture, $"(@t,@e{i},@c{i},@y{i},@o{i},@r,@d{i},@a{i},@v{i},@f{i},@j{i})");
        }

        text.Append(" ON CONFLICT (tenant, event_id) DO NOTHING RETURNING event_id, position");
        var command = connection.CreateCommand();
        command.CommandText = text.ToString();
        command.Parameters.Add(new SqliteParameter("@t", null));
        command.Parameters.Add(new SqliteParameter("@r", null));
        for (var i = 0; i < rows; i++)
        {
            foreach (var prefix in "ecyodavfj")
            {
                command.Parameters.Add(new SqliteParameter($"@{prefix}{i}", null));
            }
        }

        _insertCommands[rows] = command;
        return command;
    }

    /// <summary>A log entry as grains see it; the one integer column is a review's rating or an NPS score.</summary>
    private static LoggedEvent Logged(
        long position, string eventId, string customerId, string type, DateTimeOffset occurredAt, string? orderId, decimal amount, int? intValue, string? referredId) =>
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
            referredId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Event log commit of {Requests} requests ({Events} events) failed")]
    private partial void LogCommitFailed(Exception exception, int requests, int events);

    private sealed record PendingAppend(string Tenant, IReadOnlyList<NewEvent> Events, TaskCompletionSource<AppendResult> Done);
}
