using LifecycleActors.Abstractions;
using LifecycleActors.Storage.Batching;
using LifecycleActors.Storage.Relational;
using LifecycleActors.Storage.Retention;
using Npgsql;
using NpgsqlTypes;

namespace LifecycleActors.Storage.Postgres;

/// <summary>
/// A customer's entries and its entry count, as customers read them when they activate and when they write their
/// snapshot, gathered into one query per batch (<see cref="CallBatcher{TRequest,TResult}"/>): the customers of one
/// delivery activate at once, and the customers collected at once count at once.
/// </summary>
public sealed partial class PostgresEventLog
{
    private const int ReadsPerBatch = 500;
    private const int BatchesInFlight = 4;

    private readonly CallBatcher<CustomerRange, IReadOnlyList<LoggedEvent>> _entryReads = new(batch => ReadEntriesAsync(keyLookups, batch), ReadsPerBatch, BatchesInFlight);
    private readonly CallBatcher<CustomerRange, (int Count, long Last)> _counts = new(batch => CountAsync(keyLookups, batch), ReadsPerBatch, BatchesInFlight);

    public override Task<IReadOnlyList<LoggedEvent>> ReadCustomerAsync(string tenant, string customerId, long afterPosition, CancellationToken cancellationToken) =>
        _entryReads.CallAsync(new CustomerRange(tenant, customerId, afterPosition), cancellationToken);

    public override Task<(int Count, long Last)> CountCustomerAsync(string tenant, string customerId, long afterPosition, CancellationToken cancellationToken) =>
        _counts.CallAsync(new CustomerRange(tenant, customerId, afterPosition), cancellationToken);

    /// <summary>Each customer's entries after its position, in log order; a summary of removed entries (ADR 0017) is no event.</summary>
    private static async Task<IReadOnlyList<IReadOnlyList<LoggedEvent>>> ReadEntriesAsync(NpgsqlDataSource dataSource, IReadOnlyList<CustomerRange> batch)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT q.n, e.position, e.event_id, e.customer_id, e.type, e.occurred_at, e.order_id, e.amount, e.int_value, e.referred_id, e.sent_as
            FROM unnest(@tenants, @customers, @afters) WITH ORDINALITY AS q(tenant, customer, after, n)
            JOIN event_log e ON e.tenant = q.tenant AND e.customer_id = q.customer AND e.position > q.after
            WHERE e.type <> @summary
            ORDER BY q.n, e.position
            """);
        AddRanges(command, batch);
        command.Parameters.Add(new NpgsqlParameter("summary", NpgsqlDbType.Text) { Value = HistorySummary.Type });
        var entries = batch.Select(_ => new List<LoggedEvent>()).ToArray();
        await using var r = await command.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            entries[r.GetInt64(0) - 1].Add(Logged(
                r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4), r.Ticks(5), r.NullableString(6), r.Amount(7), r.NullableInt32(8), r.NullableString(9), r.NullableString(10)));
        }

        return entries;
    }

    /// <summary>Each customer's entry count after its position and the highest position among them, from the index alone.</summary>
    private static async Task<IReadOnlyList<(int Count, long Last)>> CountAsync(NpgsqlDataSource dataSource, IReadOnlyList<CustomerRange> batch)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT q.n, COUNT(e.position), coalesce(MAX(e.position), 0)
            FROM unnest(@tenants, @customers, @afters) WITH ORDINALITY AS q(tenant, customer, after, n)
            LEFT JOIN event_log e ON e.tenant = q.tenant AND e.customer_id = q.customer AND e.position > q.after
            GROUP BY q.n
            """);
        AddRanges(command, batch);
        var counts = new (int Count, long Last)[batch.Count];
        await using var r = await command.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            counts[r.GetInt64(0) - 1] = ((int)r.GetInt64(1), r.GetInt64(2));
        }

        return counts;
    }

    private static void AddRanges(NpgsqlCommand command, IReadOnlyList<CustomerRange> batch)
    {
        command.Parameters.Add(new NpgsqlParameter("tenants", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = batch.Select(b => b.Tenant).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("customers", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = batch.Select(b => b.CustomerId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("afters", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = batch.Select(b => b.AfterPosition).ToArray() });
    }

    /// <summary>A customer's entries after a position.</summary>
    private sealed record CustomerRange(string Tenant, string CustomerId, long AfterPosition);
}
