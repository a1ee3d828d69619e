using System.Data;
using System.Data.Common;
using LifecycleActors.Abstractions;
using LifecycleActors.Storage.EventLog;
using LifecycleActors.Storage.Relational;

namespace LifecycleActors.Storage.ReadModel;

/// <summary>
/// Read model queries over ADO.NET, one SQL text for SQLite and PostgreSQL: flags are compared as truth values
/// (integers on SQLite, booleans on PostgreSQL) and every parameter carries its type.
/// </summary>
public abstract partial class RelationalReadModel(DbDataSource dataSource) : IReadModel
{
    /// <summary>The event log table as the read model's connection sees it.</summary>
    private protected virtual string LogTable => "event_log";

    /// <summary>The log's identity links (ADR 0013) as the read model's connection sees them.</summary>
    private protected virtual string LinksTable => "identity_links";

    /// <summary>The <c>service_state</c> key of the position up to which <c>logged_counts</c> holds every customer's entries.</summary>
    private const string LoggedCountsMark = "logged-counts";

    /// <summary>
    /// A query of <paramref name="columns"/> (over <c>e</c>) from the rows of <paramref name="table"/> of tenant
    /// <c>@tenant</c> whose <c>customer_id</c> is one of the distinct parameters listed at <c>{0}</c>.
    /// <paramref name="locked"/> locks the rows for update (where rows lock) in one order for a given set of customers
    /// (given in ordinal order), so two transactions locking the same customers' rows take them in the same order.
    /// </summary>
    private protected virtual string RowsOfCustomers(string table, string columns, bool locked = false) =>
        $"SELECT {columns} FROM {table} e WHERE e.tenant = @tenant AND e.customer_id IN ({{0}}){(locked ? $" ORDER BY e.customer_id{LockRow}" : "")}";

    /// <summary>What locks a row read for update, where the database has row locks.</summary>
    private protected virtual string LockRow => " FOR UPDATE";

    /// <summary>Starts a transaction that may write (SQLite takes its write lock at once).</summary>
    private protected virtual async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(cancellationToken);

    /// <summary>A text property of the view JSON of <c>c.view</c>, as SQL (the property name is a constant of the caller).</summary>
    private protected abstract string ViewText(string property);

    /// <summary>A number property of the view JSON of <c>c.view</c>, as SQL yielding a double or NULL.</summary>
    private protected abstract string ViewNumber(string property);

    public async Task<IReadOnlyList<string>> ListAsync(string tenant, CustomerFilter filter, string? afterCustomerId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT view FROM customers c
            WHERE tenant = @tenant AND customer_id > @after{CustomerFilterSql.Where(command, filter, ViewText, ViewNumber)}
              AND NOT EXISTS (SELECT 1 FROM linked_customers k WHERE k.tenant = c.tenant AND k.anonymous_id = c.customer_id)
            ORDER BY customer_id
            LIMIT @limit
            """;
        command.Add("@tenant", tenant, DbType.String);
        command.Add("@after", afterCustomerId ?? "", DbType.String);
        command.Add("@limit", limit, DbType.Int32);
        return await command.ReadListAsync(r => r.GetString(0), cancellationToken);
    }

    public async Task<(IReadOnlyList<string> Views, string? LastScanned)> ScanAsync(
        string tenant, CustomerFilter filter, string? afterCustomerId, int chunk, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();

        // The inner range is the primary key's alone, so no filter can lead the planner into a scan and sort of the
        // whole tenant per chunk; the filters then run on that range only.
        command.CommandText = $"""
            SELECT c.customer_id,
                   CASE WHEN TRUE{CustomerFilterSql.Where(command, filter, ViewText, ViewNumber)}
                          AND NOT EXISTS (SELECT 1 FROM linked_customers k WHERE k.tenant = c.tenant AND k.anonymous_id = c.customer_id)
                        THEN c.view END
            FROM (SELECT tenant, customer_id, stage, vip, advocate, net_spend, last_purchase_day, view FROM customers
                  WHERE tenant = @tenant AND customer_id > @after
                  ORDER BY customer_id
                  LIMIT @limit) c
            ORDER BY c.customer_id
            """;
        command.Add("@tenant", tenant, DbType.String);
        command.Add("@after", afterCustomerId ?? "", DbType.String);
        command.Add("@limit", chunk, DbType.Int32);
        var rows = await command.ReadListAsync(r => (Id: r.GetString(0), View: r.NullableString(1)), cancellationToken);
        return ([.. rows.Where(r => r.View is not null).Select(r => r.View!)], rows.Count == 0 ? null : rows[^1].Id);
    }

    public async Task<TenantStats> StatsAsync(string tenant, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // A linked anonymous id's row still counts its own log entries (each entry is applied by one row), but not as
        // a customer: the customer it is linked to stands for it (ADR 0013). A join rather than a look-up per row:
        // PostgreSQL hashes the tenant's few links once.
        await using var command = connection.Command("""
            SELECT c.stage, SUM(CASE WHEN k.anonymous_id IS NULL THEN 1 ELSE 0 END),
                   SUM(CASE WHEN c.vip AND k.anonymous_id IS NULL THEN 1 ELSE 0 END),
                   SUM(CASE WHEN c.advocate AND k.anonymous_id IS NULL THEN 1 ELSE 0 END), SUM(c.events_applied)
            FROM customers c
            LEFT JOIN linked_customers k ON k.tenant = c.tenant AND k.anonymous_id = c.customer_id
            WHERE c.tenant = @tenant
            GROUP BY c.stage
            """);
        command.Add("@tenant", tenant, DbType.String);
        var groups = await command.ReadListAsync(r => (Stage: r.GetString(0), Count: r.GetInt64(1), Vip: r.GetInt64(2), Advocate: r.GetInt64(3), Events: r.GetInt64(4)), cancellationToken);
        return new TenantStats(
            groups.Sum(g => g.Count),
            groups.Where(g => g.Count > 0).ToDictionary(g => g.Stage, g => g.Count, StringComparer.Ordinal),
            groups.Sum(g => g.Vip),
            groups.Sum(g => g.Advocate),
            groups.Sum(g => g.Events));
    }

    public async Task<IReadOnlyList<TransitionRecord>> TransitionsAsync(string tenant, string customerId, TimelineCursor? before, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command("""
            SELECT sequence, kind, from_value, to_value, at, detected_at, reason, reason_code, reason_args
            FROM transitions
            WHERE tenant = @tenant AND customer_id = @customer AND (at, sequence) < (@at, @order)
            ORDER BY at DESC, sequence DESC
            LIMIT @limit
            """);
        command.AddCustomerPage(tenant, customerId, before, limit);
        return await command.ReadListAsync(
            r => new TransitionRecord(tenant, customerId, r.GetString(1), r.GetString(2), r.GetString(3), r.Ticks(4), r.Ticks(5), r.GetInt64(0), r.GetString(6),
                r.IsDBNull(7) ? null : r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8)),
            cancellationToken);
    }

    public async Task<LaggingCustomers> FindLaggingAsync(long checkpoint, bool bySnapshot, DateTimeOffset receivedBefore, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenWithLogAsync(cancellationToken);
        var known = bySnapshot ? "c.snapshot_position" : "c.applied_position";

        // Behind by position, or missing an entry below its position: with several silos a customer's deliveries can
        // arrive out of order and one can be lost (its stream queue was on a silo that stopped), so a later position
        // is applied and an earlier one is not. Such a customer counts fewer events than the log holds for it.
        // The log's count per customer is the count up to the mark (kept by CountLoggedAsync) plus the entries after
        // it, so a pass reads only recent entries however long the customers' histories are.
        // How far each lagging customer is applied without a gap (its first entry not applied, less one) bounds the
        // checkpoint; the bound over all of them, not only the page, lets the checkpoint follow a busy log.
        await using var command = connection.Command($"""
            WITH x AS (
                SELECT tenant, customer_id, MIN(position) AS first_position, MAX(position) AS last_position, MAX(received_at) AS last_received
                FROM {LogTable}
                WHERE position > @checkpoint AND received_at <= @received
                GROUP BY tenant, customer_id
            ),
            y AS (
                SELECT x.tenant, x.customer_id, x.first_position, x.last_position, x.last_received,
                       coalesce({known}, 0) AS known, coalesce(c.events_applied, 0) AS applied_events,
                       coalesce(lc.entries, 0) +
                       (SELECT count(*) FROM {LogTable} l
                        WHERE l.tenant = x.tenant AND l.customer_id = x.customer_id AND l.position > m.mark
                          AND l.received_at <= @received) AS logged_events
                FROM x
                CROSS JOIN (SELECT coalesce(MAX(value), 0) AS mark FROM service_state WHERE key = '{LoggedCountsMark}') m
                LEFT JOIN customers c ON c.tenant = x.tenant AND c.customer_id = x.customer_id
                LEFT JOIN logged_counts lc ON lc.tenant = x.tenant AND lc.customer_id = x.customer_id
            ),
            lagging AS (
                SELECT tenant, customer_id, last_position, last_received, {(bySnapshot ? SnapshottedThrough : AppliedThrough)} AS through
                FROM y
                WHERE known < last_position OR applied_events < logged_events
            )
            SELECT tenant, customer_id, through, last_position, last_received, MIN(through) OVER ()
            FROM lagging
            LIMIT @limit
            """);
        command.Add("@checkpoint", checkpoint, DbType.Int64);
        command.Add("@received", receivedBefore.UtcTicks, DbType.Int64);
        command.Add("@limit", limit, DbType.Int32);
        long? through = null;
        var page = await command.ReadListAsync(
            r =>
            {
                through = r.GetInt64(5);
                return new LaggingCustomer(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3), r.Ticks(4));
            },
            cancellationToken);
        return new LaggingCustomers(page, through);
    }

    /// <summary>
    /// How far a lagging customer of <c>y</c> has applied every entry: when the events it applied and the entries
    /// after its applied position add up to all it has, nothing below that position is missing, and it is applied up
    /// to its first entry after it; otherwise (an entry is missing somewhere) up to its first entry after the
    /// checkpoint, as every entry up to the checkpoint is applied.
    /// </summary>
    private string AppliedThrough => $"""
        CASE WHEN known < last_position AND applied_events +
                  (SELECT count(*) FROM {LogTable} l
                   WHERE l.tenant = y.tenant AND l.customer_id = y.customer_id AND l.position > y.known AND l.received_at <= @received) >= logged_events
             THEN (SELECT MIN(l.position) FROM {LogTable} l WHERE l.tenant = y.tenant AND l.customer_id = y.customer_id AND l.position > y.known) - 1
             ELSE first_position - 1 END
        """;

    /// <summary>
    /// How far a customer of <c>y</c> is in its snapshot: up to the snapshot's position, or, when a snapshot at or
    /// beyond its last entry still counts fewer events than the log holds (an entry is missing), up to its first
    /// entry after the checkpoint.
    /// </summary>
    private const string SnapshottedThrough = "CASE WHEN known >= last_position THEN first_position - 1 ELSE known END";

    public async Task<IReadOnlyList<DueCustomer>> FindDueAsync(string tenant, DateTimeOffset now, DueCustomer? after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command("""
            SELECT customer_id, next_change_at FROM customers
            WHERE tenant = @tenant AND next_change_at IS NOT NULL AND next_change_at <= @now
              AND (next_change_at, customer_id) > (@afterDue, @afterId)
            ORDER BY next_change_at, customer_id
            LIMIT @limit
            """);
        command.Add("@tenant", tenant, DbType.String);
        command.Add("@now", now.UtcTicks, DbType.Int64);
        command.Add("@afterDue", after?.DueTicks ?? long.MinValue, DbType.Int64);
        command.Add("@afterId", after?.CustomerId ?? "", DbType.String);
        command.Add("@limit", limit, DbType.Int32);
        return await command.ReadListAsync(r => new DueCustomer(r.GetString(0), r.GetInt64(1)), cancellationToken);
    }

    public async Task<long> CountDueAsync(string tenant, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command("SELECT COUNT(*) FROM customers WHERE tenant = @tenant AND next_change_at IS NOT NULL AND next_change_at <= @now");
        command.Add("@tenant", tenant, DbType.String);
        command.Add("@now", now.UtcTicks, DbType.Int64);
        return await command.ReadInt64Async(cancellationToken);
    }

    public async Task<IReadOnlyList<PopulationInputs>> ReadPopulationAsync(string tenant, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command("""
            SELECT spend365, own_gap_days, purchase_days, first_purchase_day, last_purchase_day, repeat_mean_value
            FROM customers WHERE tenant = @tenant AND purchase_days > 0
            """);
        command.Add("@tenant", tenant, DbType.String);
        return await command.ReadListAsync(
            r => new PopulationInputs((decimal)r.GetDouble(0), r.NullableDouble(1), r.GetInt32(2), r.NullableInt32(3), r.NullableInt32(4), r.NullableDouble(5)),
            cancellationToken);
    }

    public async Task<int> MarkVipCandidatesDueAsync(string tenant, decimal? threshold, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command("""
            UPDATE customers SET next_change_at = @at
            WHERE tenant = @tenant AND (next_change_at IS NULL OR next_change_at > @at)
              AND (vip OR (@threshold IS NOT NULL AND spend365 >= @threshold))
            """);
        command.Add("@tenant", tenant, DbType.String);
        command.Add("@threshold", threshold is { } t ? (double)t : null, DbType.Double);
        command.Add("@at", at.UtcTicks, DbType.Int64);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> MarkGapBorrowersDueAsync(string tenant, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command("""
            UPDATE customers SET next_change_at = @at
            WHERE tenant = @tenant AND purchase_days = 1 AND (next_change_at IS NULL OR next_change_at > @at)
            """);
        command.Add("@tenant", tenant, DbType.String);
        command.Add("@at", at.UtcTicks, DbType.Int64);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task SaveTenantModelAsync(string tenant, DateTimeOffset fittedAt, string modelJson, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command("""
            INSERT INTO tenant_models (tenant, fitted_at, model) VALUES (@tenant, @at, @model)
            ON CONFLICT (tenant) DO UPDATE SET fitted_at = excluded.fitted_at, model = excluded.model
            """);
        command.Add("@tenant", tenant, DbType.String);
        command.Add("@at", fittedAt.UtcTicks, DbType.Int64);
        command.Add("@model", modelJson, DbType.String);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, string>> ReadTenantModelsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command("SELECT tenant, model FROM tenant_models");
        var models = await command.ReadListAsync(r => (Tenant: r.GetString(0), Model: r.GetString(1)), cancellationToken);
        return models.ToDictionary(m => m.Tenant, m => m.Model, StringComparer.Ordinal);
    }

    public async Task<long> ReadCheckpointAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command("SELECT value FROM service_state WHERE key = @key");
        command.Add("@key", name, DbType.String);
        return await command.ReadInt64Async(cancellationToken);
    }

    public async Task WriteCheckpointAsync(string name, long value, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command("INSERT INTO service_state (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
        command.Add("@key", name, DbType.String);
        command.Add("@value", value, DbType.Int64);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task CountLoggedAsync(long through, CancellationToken cancellationToken)
    {
        // The mark's row is made by the migration that made logged_counts.
        await using var connection = await OpenWithLogAsync(cancellationToken);

        // The mark's row lock (PostgreSQL) or the write lock (SQLite) makes silos passing together count each range once.
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        long mark;
        await using (var read = connection.Command($"SELECT value FROM service_state WHERE key = '{LoggedCountsMark}'{LockRow}", transaction))
        {
            mark = await read.ReadInt64Async(cancellationToken);
        }

        if (mark >= through)
        {
            return;
        }

        await using (var count = connection.Command($"""
            INSERT INTO logged_counts (tenant, customer_id, entries)
            SELECT tenant, customer_id, COUNT(*) FROM {LogTable}
            WHERE position > @mark AND position <= @through
            GROUP BY tenant, customer_id
            ON CONFLICT (tenant, customer_id) DO UPDATE SET entries = logged_counts.entries + excluded.entries
            """, transaction))
        {
            count.Add("@mark", mark, DbType.Int64);
            count.Add("@through", through, DbType.Int64);
            await count.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var move = connection.Command($"UPDATE service_state SET value = @through WHERE key = '{LoggedCountsMark}'", transaction))
        {
            move.Add("@through", through, DbType.Int64);
            await move.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>A connection from which <see cref="LogTable"/> and the customers table are both visible.</summary>
    private protected virtual async Task<DbConnection> OpenWithLogAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenConnectionAsync(cancellationToken);
}
