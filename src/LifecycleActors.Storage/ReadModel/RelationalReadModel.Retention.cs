using System.Data;
using System.Data.Common;
using LifecycleActors.Storage.Relational;
using LifecycleActors.Storage.Retention;

namespace LifecycleActors.Storage.ReadModel;

/// <summary>
/// Retention of the event log (ADR 0017). It lives with the read model because what decides that an entry may go is
/// there: the customer's snapshot position (its stored snapshot holds every entry up to it) and the marks up to which
/// the logged counts and the KPI store have read the log.
/// </summary>
public abstract partial class RelationalReadModel : ILogRetention
{
    /// <summary>The <c>service_state</c> row whose lock keeps retention passes of several silos apart.</summary>
    private const string RetentionLock = "retention";

    /// <summary>Positions per statement when removing entries.</summary>
    private const int PositionsPerStatement = 500;

    /// <summary>
    /// Which entries <c>e</c> (of the log, with <c>c</c> its customer's row and <c>l</c> its link as an anonymous id)
    /// a snapshot holds: an id not linked to a customer, up to its own snapshot position; an anonymous id linked to
    /// one, once that customer has merged it and its snapshot holds the identify that linked them (an anonymous id
    /// gets no entry after its link, so every entry it has was merged then).
    /// </summary>
    private string SnapshotHolds => $"""
        ((l.anonymous_id IS NULL AND e.position <= c.snapshot_position)
         OR EXISTS (SELECT 1 FROM linked_customers m JOIN customers o ON o.tenant = m.tenant AND o.customer_id = m.customer_id
                    WHERE m.tenant = e.tenant AND m.anonymous_id = e.customer_id
                      AND NOT EXISTS (SELECT 1 FROM {LogTable} i WHERE i.tenant = l.tenant AND i.event_id = l.event_id AND i.position > o.snapshot_position)))
        """;

    private string RemovableFrom => $"""
        FROM {LogTable} e
        LEFT JOIN customers c ON c.tenant = e.tenant AND c.customer_id = e.customer_id
        LEFT JOIN {LinksTable} l ON l.tenant = e.tenant AND l.anonymous_id = e.customer_id
        WHERE e.tenant = @tenant AND e.occurred_at < @before AND e.position <= @through
        """;

    public async Task<RetentionPass> SummariseAsync(string tenant, DateTimeOffset before, string? afterCustomer, int maxCustomers, CancellationToken cancellationToken)
    {
        // What may go, read without a lock: a snapshot position, a merge and the marks only ever move forward, so
        // what was removable when read stays removable.
        HashSet<long> removable;
        List<string> customers;
        long through;
        await using (var reading = await OpenWithLogAsync(cancellationToken))
        {
            through = await ReadThroughAsync(reading, cancellationToken);
            customers = await CustomersToSummariseAsync(reading, tenant, before, through, afterCustomer, maxCustomers, cancellationToken);
            if (customers.Count == 0)
            {
                return new RetentionPass(0, 0, null);
            }

            removable = await RemovablePositionsAsync(reading, tenant, before, through, customers, cancellationToken);
        }

        // The write holds the log alone, briefly: the entries as they are now (another pass or an erasure may have
        // changed them), those read as removable summarised with the customer's earlier summary.
        var (connection, transaction) = await BeginLogWriteAsync(cancellationToken);
        await using (connection)
        await using (transaction)
        {
            var (summarised, removed) = (0, 0);
            var entries = await OldEntriesAsync(connection, transaction, tenant, before, through, customers, cancellationToken);
            foreach (var ofCustomer in entries.Where(e => e.SummaryJson is not null || removable.Contains(e.Position)).GroupBy(e => e.Customer, StringComparer.Ordinal))
            {
                var gone = await SummariseCustomerAsync(connection, transaction, tenant, before, [.. ofCustomer], cancellationToken);
                if (gone > 0)
                {
                    summarised++;
                    removed += gone;
                }
            }

            await transaction.CommitAsync(cancellationToken);
            return new RetentionPass(summarised, removed, customers.Count < maxCustomers ? null : customers[^1]);
        }
    }

    /// <summary>
    /// A write transaction on the event log alone that keeps retention passes apart: on PostgreSQL the lock of a
    /// <c>service_state</c> row (appends do not take it), on SQLite the log file's write lock.
    /// </summary>
    private protected virtual async Task<(DbConnection Connection, DbTransaction Transaction)> BeginLogWriteAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var lockRow = connection.Command($"INSERT INTO service_state (key, value) VALUES ('{RetentionLock}', 0) ON CONFLICT (key) DO NOTHING"))
        {
            await lockRow.ExecuteNonQueryAsync(cancellationToken);
        }

        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var serialise = connection.Command($"SELECT value FROM service_state WHERE key = '{RetentionLock}'{LockRow}", transaction);
        await serialise.ReadInt64Async(cancellationToken);
        return (connection, transaction);
    }

    private static async Task<long> ReadThroughAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var marks = connection.Command($"SELECT key, value FROM service_state WHERE key IN ('{LoggedCountsMark}', '{KpiLogMark}')");
        var values = await marks.ReadListAsync(r => r.GetInt64(1), cancellationToken);
        return values.Count == 2 ? values.Min() : 0;
    }

    /// <summary>The next customers in id order with entries to summarise: walks the log's customer index from the cursor.</summary>
    private async Task<List<string>> CustomersToSummariseAsync(
        DbConnection connection, string tenant, DateTimeOffset before, long through, string? after, int limit, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(
            $"""
            SELECT e.customer_id {RemovableFrom} AND e.customer_id > @after AND e.type <> @summary AND {SnapshotHolds}
            GROUP BY e.customer_id ORDER BY e.customer_id LIMIT @limit
            """);
        AddRange(command, tenant, before, through);
        command.Add("@after", after ?? "", DbType.String);
        command.Add("@limit", limit, DbType.Int32);
        return await command.ReadListAsync(r => r.GetString(0), cancellationToken);
    }

    private async Task<HashSet<long>> RemovablePositionsAsync(
        DbConnection connection, string tenant, DateTimeOffset before, long through, IReadOnlyList<string> customers, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT e.position {RemovableFrom} AND e.customer_id IN ({command.AddList(customers, "@c")}) AND e.type <> @summary AND {SnapshotHolds}";
        AddRange(command, tenant, before, through);
        return [.. await command.ReadListAsync(r => r.GetInt64(0), cancellationToken)];
    }

    /// <summary>The customers' entries before the cutoff that the marks have passed, read from the log alone.</summary>
    private static async Task<List<RemovableEntry>> OldEntriesAsync(
        DbConnection connection, DbTransaction transaction, string tenant, DateTimeOffset before, long through, IReadOnlyList<string> customers, CancellationToken cancellationToken)
    {
        await using var command = connection.Command("", transaction);
        command.CommandText = $"""
            SELECT customer_id, position, type, occurred_at, COALESCE(order_id, ''), COALESCE(amount, 0), COALESCE(int_value, 0),
                   CASE WHEN type = @summary THEN data END
            FROM event_log
            WHERE tenant = @tenant AND customer_id IN ({command.AddList(customers, "@c")}) AND occurred_at < @before AND position <= @through
            """;
        AddRange(command, tenant, before, through);
        return await command.ReadListAsync(
            r => new RemovableEntry(r.GetString(0), r.GetInt64(1), new SummarisedEntry(r.GetString(2), r.Ticks(3), r.GetString(4), r.Amount(5), r.GetInt32(6)), r.NullableString(7)),
            cancellationToken);
    }

    /// <summary>
    /// Replaces one customer's removable entries by one summary, at the newest of their positions (so the log's
    /// newest position is never removed), merged with the summary it had; answers how many entries went.
    /// </summary>
    private async Task<int> SummariseCustomerAsync(
        DbConnection connection, DbTransaction transaction, string tenant, DateTimeOffset before, IReadOnlyList<RemovableEntry> entries, CancellationToken cancellationToken)
    {
        var events = entries.Where(e => e.SummaryJson is null).ToList();
        if (events.Count == 0)
        {
            return 0;
        }

        var earlier = entries.Where(e => e.SummaryJson is not null).Select(e => HistorySummary.Read(e.SummaryJson!));
        var summary = HistorySummary.Of(earlier, events.Select(e => e.Entry), before);
        var kept = entries.MaxBy(e => e.Position)!;
        await using (var update = connection.Command(
            $"""
            UPDATE event_log SET event_id = @eventId, type = @summary, occurred_at = @first, order_id = NULL, amount = NULL, int_value = NULL,
                                  referred_id = NULL, sent_as = NULL, data = @data
            WHERE tenant = @tenant AND position = @position
            """,
            transaction))
        {
            update.Add("@eventId", $"~summary:{Guid.NewGuid():N}", DbType.String);
            update.Add("@summary", HistorySummary.Type, DbType.String);
            update.Add("@first", entries.Min(e => e.Entry.OccurredAt).UtcTicks, DbType.Int64);
            update.Add("@data", summary.Write(), DbType.String);
            update.Add("@tenant", tenant, DbType.String);
            update.Add("@position", kept.Position, DbType.Int64);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var chunk in entries.Where(e => e.Position != kept.Position).Select(e => e.Position.ToString(System.Globalization.CultureInfo.InvariantCulture)).Chunk(PositionsPerStatement))
        {
            // Positions are numbers formatted here, not input: the list is literal. They were read for this tenant in
            // this transaction, so the position alone names the row (with the tenant beside it, SQLite's planner would
            // walk the tenant's whole index instead of looking the positions up).
            await using var delete = connection.Command($"DELETE FROM event_log WHERE position IN ({string.Join(", ", chunk)})", transaction);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        return events.Count;
    }

    private static void AddRange(DbCommand command, string tenant, DateTimeOffset before, long through)
    {
        command.Add("@tenant", tenant, DbType.String);
        command.Add("@before", before.UtcTicks, DbType.Int64);
        command.Add("@through", through, DbType.Int64);
        command.Add("@summary", HistorySummary.Type, DbType.String);
    }

    private sealed record RemovableEntry(string Customer, long Position, SummarisedEntry Entry, string? SummaryJson);
}
