using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace LifecycleActors.Storage.EventLog;

/// <summary>
/// The event log on SQLite. One writer per process commits every pending request in one transaction
/// (<see cref="RelationalEventLog"/>), so writers never contend for SQLite's single write lock; its connection
/// commits with <c>synchronous = FULL</c>. Positions are the table's rowid, which SQLite assigns in commit order.
/// A commit is refused while the database file is not at its path any more.
/// </summary>
public sealed class SqliteEventLog(string connectionString, int maxEventsPerCommit, TimeProvider time, ILogger<SqliteEventLog> logger)
    : RelationalEventLog(new SqliteDataSource(connectionString, synchronous: null), maxEventsPerCommit, time, logger)
{
    private const int RowsPerStatement = 200;
    private const int ColumnsPerRow = 10;

    private const int SqliteCantOpen = 14;

    private readonly Dictionary<int, SqliteCommand> _insertCommands = [];
    private readonly string? _file = SqliteFiles.FileOf(connectionString);
    private SqliteConnection? _writer;

    private protected override async Task<AppendResult[]> CommitAsync(IReadOnlyList<PendingAppend> batch, long receivedAtTicks)
    {
        // In WAL mode an open connection goes on writing to a file that was moved away or deleted: acknowledged
        // events would then be lost with it (at the next start, or for good). Refuse while the file is not where it was.
        if (_file is not null && !File.Exists(_file))
        {
            throw new SqliteException($"the event log's database file is no longer at {_file} (moved or deleted)", SqliteCantOpen);
        }

        var connection = _writer ??= await OpenWriterAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        var results = new AppendResult[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            results[i] = await InsertRequestAsync(connection, transaction, batch[i], receivedAtTicks);
        }

        foreach (var (tenant, ticks) in HighestOccurredAt(batch, results))
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

        await transaction.CommitAsync();
        return results;
    }

    private protected override async ValueTask DisposeWriterAsync()
    {
        foreach (var command in _insertCommands.Values)
        {
            command.Dispose();
        }

        if (_writer is not null)
        {
            await _writer.DisposeAsync();
        }
    }

    private async Task<SqliteConnection> OpenWriterAsync()
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var pragma = connection.CreateCommand();

        // FULL: a commit is on disk before the request is acknowledged, even across a power cut.
        pragma.CommandText = "PRAGMA synchronous = FULL";
        await pragma.ExecuteNonQueryAsync();
        return connection;
    }

    private protected override async Task<Dictionary<string, long>> InsertRowsAsync(
        DbConnection connection, DbTransaction transaction, string tenant, IReadOnlyList<NewEvent> rows, long receivedAt)
    {
        var positions = new Dictionary<string, long>(rows.Count, StringComparer.Ordinal);
        for (var start = 0; start < rows.Count; start += RowsPerStatement)
        {
            var count = Math.Min(RowsPerStatement, rows.Count - start);
            var command = InsertCommand((SqliteConnection)connection, count);
            command.Transaction = (SqliteTransaction)transaction;
            var p = command.Parameters;
            p[0].Value = tenant;
            p[1].Value = receivedAt;
            for (var i = 0; i < count; i++)
            {
                var e = rows[start + i];
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
                p[at + 9].Value = (object?)e.SentAs ?? DBNull.Value;
            }

            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                positions[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        return positions;
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

        var text = new StringBuilder("INSERT INTO event_log (tenant, event_id, customer_id, type, occurred_at, received_at, order_id, amount, int_value, referred_id, data, sent_as) VALUES ");
        for (var i = 0; i < rows; i++)
        {
            text.Append(i == 0 ? "" : ",")
                .Append(CultureInfo.InvariantCulture, $"(@t,@e{i},@c{i},@y{i},@o{i},@r,@d{i},@a{i},@v{i},@f{i},@j{i},@s{i})");
        }

        text.Append(" ON CONFLICT (tenant, event_id) DO NOTHING RETURNING event_id, position");
        var command = connection.CreateCommand();
        command.CommandText = text.ToString();
        command.Parameters.Add(new SqliteParameter("@t", null));
        command.Parameters.Add(new SqliteParameter("@r", null));
        for (var i = 0; i < rows; i++)
        {
            foreach (var prefix in "ecyodavfjs")
            {
                command.Parameters.Add(new SqliteParameter($"@{prefix}{i}", null));
            }
        }

        _insertCommands[rows] = command;
        return command;
    }
}
