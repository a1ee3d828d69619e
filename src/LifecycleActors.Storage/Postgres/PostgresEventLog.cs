using System.Data;
using System.Data.Common;
using LifecycleActors.Storage.EventLog;
using LifecycleActors.Storage.Relational;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace LifecycleActors.Storage.Postgres;

/// <summary>
/// The event log on PostgreSQL, shared by every silo of the cluster. Each silo group-commits its own requests
/// (<see cref="RelationalEventLog"/>); across silos, an append takes the log's transaction-scoped advisory lock
/// before it allocates positions and keeps it until its commit (ADR 0009). Appends are therefore serialised, and
/// positions become visible in increasing order: a reader that has seen position p never later finds a new entry
/// below p, which the customers' applied-position watermarks and the recovery checkpoint rely on.
/// </summary>
/// <param name="keyLookups">Where customers' entries are read in batches: planned for each batch (<see cref="PostgresDatabase.PlannedPerExecution"/>).</param>
public sealed partial class PostgresEventLog(NpgsqlDataSource dataSource, NpgsqlDataSource keyLookups, int maxEventsPerCommit, TimeProvider time, ILogger<PostgresEventLog> logger)
    : RelationalEventLog(dataSource, maxEventsPerCommit, time, logger)
{
    /// <summary>How long an append waits for the lock before it fails (and the requests of its commit with it).</summary>
    private const string LockTimeout = "30s";

    /// <summary>
    /// How long an append may sit idle in its transaction, holding the lock, before PostgreSQL ends its session (the
    /// transaction rolls back, nothing of it is acknowledged). Between its statements an append only waits for its own
    /// silo, so this is reached only by a silo that stands still mid-append (stopped, frozen, a pause far beyond any
    /// garbage collection's): without it, every other silo's appends would wait for as long as that silo stands still.
    /// </summary>
    private const string IdleHoldingLockTimeout = "2s";

    private protected override async Task<AppendResult[]> CommitAsync(IReadOnlyList<PendingAppend> batch, long receivedAtTicks)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        if (await InsertInOneStatementAsync(connection, null, batch, receivedAtTicks, identifies: true) is { } all)
        {
            return [.. all.Select(r => r!)];
        }

        // A new link or a tenant's first erasure: the requests that link nothing in one statement, the others one by one.
        await using var transaction = await connection.BeginTransactionAsync();
        var written = batch.Any(LinksNothing) ? await InsertInOneStatementAsync(connection, transaction, batch, receivedAtTicks, identifies: false) : null;
        if (written is null)
        {
            await using var serialise = new NpgsqlBatch(connection, transaction);
            foreach (var statement in SerialiseStatements())
            {
                serialise.BatchCommands.Add(statement);
            }

            await serialise.ExecuteNonQueryAsync();
            written = new AppendResult?[batch.Count];
        }

        // What one statement could not write goes request by request, in the same transaction and under the same lock.
        var rest = Enumerable.Range(0, batch.Count).Where(i => written[i] is null).ToList();
        var restResults = new AppendResult[rest.Count];
        for (var k = 0; k < rest.Count; k++)
        {
            restResults[k] = await InsertRequestAsync(connection, transaction, batch[rest[k]], receivedAtTicks);
            written[rest[k]] = restResults[k];
        }

        foreach (var (tenant, ticks) in HighestOccurredAt([.. rest.Select(i => batch[i])], restResults))
        {
            await using var command = connection.Command(
                """
                INSERT INTO tenant_watermarks (tenant, watermark) VALUES (@tenant, @ticks)
                ON CONFLICT (tenant) DO UPDATE SET watermark = greatest(tenant_watermarks.watermark, excluded.watermark)
                """,
                transaction);
            command.Add("@tenant", tenant, DbType.String);
            command.Add("@ticks", ticks, DbType.Int64);
            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        return [.. written.Select(r => r!)];
    }

    /// <summary>
    /// The append lock with its limits, as statements to send ahead of the append's own: taken before any position is
    /// allocated, held until the commit (ADR 0009).
    /// </summary>
    private static IEnumerable<NpgsqlBatchCommand> SerialiseStatements()
    {
        // set_config(…, true) is SET LOCAL that also holds in an implicit transaction without a warning.
        yield return new NpgsqlBatchCommand($"SELECT set_config('lock_timeout', '{LockTimeout}', true), set_config('idle_in_transaction_session_timeout', '{IdleHoldingLockTimeout}', true)");
        yield return new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock($1, $2)")
        {
            Parameters =
            {
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = PostgresLocks.Class },
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = PostgresLocks.EventLogAppend },
            },
        };
    }

    /// <summary>
    /// One statement per request whatever its size: the events travel as one array per column, and rows are
    /// inserted in request order, so a repeated id within the request is the later one's duplicate.
    /// </summary>
    private protected override async Task<Dictionary<string, long>> InsertRowsAsync(
        DbConnection connection, DbTransaction transaction, string tenant, IReadOnlyList<NewEvent> rows, long receivedAt)
    {
        var events = rows;
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO event_log (tenant, event_id, customer_id, type, occurred_at, received_at, order_id, amount, int_value, referred_id, data, sent_as)
            SELECT @tenant, e.event_id, e.customer_id, e.type, e.occurred_at, @received, e.order_id, e.amount, e.int_value, e.referred_id, e.data, e.sent_as
            FROM unnest(@ids, @customers, @types, @occurred, @orders, @amounts, @ints, @referred, @data, @sentAs)
                 WITH ORDINALITY AS e(event_id, customer_id, type, occurred_at, order_id, amount, int_value, referred_id, data, sent_as, n)
            ORDER BY e.n
            ON CONFLICT (tenant, event_id) DO NOTHING
            RETURNING event_id, position
            """,
            (NpgsqlConnection)connection,
            (NpgsqlTransaction)transaction);
        var p = command.Parameters;
        p.AddWithValue("@tenant", NpgsqlDbType.Text, tenant);
        p.AddWithValue("@received", NpgsqlDbType.Bigint, receivedAt);
        p.AddWithValue("@ids", NpgsqlDbType.Array | NpgsqlDbType.Text, events.Select(e => e.EventId).ToArray());
        p.AddWithValue("@customers", NpgsqlDbType.Array | NpgsqlDbType.Text, events.Select(e => e.CustomerId).ToArray());
        p.AddWithValue("@types", NpgsqlDbType.Array | NpgsqlDbType.Text, events.Select(e => e.Type).ToArray());
        p.AddWithValue("@occurred", NpgsqlDbType.Array | NpgsqlDbType.Bigint, events.Select(e => e.OccurredAt.UtcTicks).ToArray());
        p.AddWithValue("@orders", NpgsqlDbType.Array | NpgsqlDbType.Text, events.Select(e => e.OrderId).ToArray());
        p.AddWithValue("@amounts", NpgsqlDbType.Array | NpgsqlDbType.Numeric, events.Select(e => e.Amount).ToArray());
        p.AddWithValue("@ints", NpgsqlDbType.Array | NpgsqlDbType.Integer, events.Select(e => e.IntValue).ToArray());
        p.AddWithValue("@referred", NpgsqlDbType.Array | NpgsqlDbType.Text, events.Select(e => e.ReferredCustomerId).ToArray());
        p.AddWithValue("@data", NpgsqlDbType.Array | NpgsqlDbType.Text, events.Select(e => e.DataJson).ToArray());
        p.AddWithValue("@sentAs", NpgsqlDbType.Array | NpgsqlDbType.Text, events.Select(e => e.SentAs).ToArray());
        var positions = new Dictionary<string, long>(events.Count, StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            positions[reader.GetString(0)] = reader.GetInt64(1);
        }

        return positions;
    }
}
