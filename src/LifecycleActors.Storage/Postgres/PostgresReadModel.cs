using System.Data.Common;
using LifecycleActors.Rules.Kpis;
using LifecycleActors.Storage.ReadModel;
using Npgsql;

namespace LifecycleActors.Storage.Postgres;

/// <summary>Read model queries on PostgreSQL: the event log and the projection share one database.</summary>
public sealed class PostgresReadModel(NpgsqlDataSource dataSource) : RelationalReadModel(dataSource)
{
    private protected override string ViewText(string property) => $"(c.view::jsonb ->> '{property}')";

    private protected override string ViewNumber(string property) => $"(c.view::jsonb ->> '{property}')::double precision";

    /// <summary>
    /// Each customer's rows looked up by themselves (<c>OFFSET 0</c> or the lock keeps the planner from turning the
    /// look-ups into one join), in the list's order. A list condition let the planner walk every row of the tenant and
    /// filter it, because the statistics of a growing table claimed the tenant had few rows: 1.4 s a batch of the
    /// log, longer as it grew.
    /// </summary>
    private protected override string RowsOfCustomers(string table, string columns, bool locked = false) =>
        $$"""
        SELECT {{columns}} FROM unnest(ARRAY[{0}]::text[]) WITH ORDINALITY AS k(id, n)
        CROSS JOIN LATERAL (SELECT * FROM {{table}} r WHERE r.tenant = @tenant AND r.customer_id = k.id {{(locked ? "FOR UPDATE" : "OFFSET 0")}}) e
        ORDER BY k.n
        """;

    /// <summary>
    /// Adds the differences in one statement, in (day, field) order, as increments: silos recomputing different
    /// customers of a tenant at once add to the same sums, each under the sum's row lock.
    /// </summary>
    private protected override async Task AddToKpiTotalsAsync(
        DbConnection connection, DbTransaction transaction, string tenant, IReadOnlyList<KeyValuePair<KpiCell, decimal>> deltas, CancellationToken cancellationToken)
    {
        if (deltas.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand(
            """
            INSERT INTO kpi_totals (tenant, day, field, value)
            SELECT @tenant, d.day, d.field, d.value
            FROM unnest(@days, @fields, @values) WITH ORDINALITY AS d(day, field, value, n)
            ORDER BY d.n
            ON CONFLICT (tenant, day, field) DO UPDATE SET value = kpi_totals.value + excluded.value
            """,
            (NpgsqlConnection)connection,
            (NpgsqlTransaction)transaction);
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.AddWithValue("days", deltas.Select(d => d.Key.Day).ToArray());
        command.Parameters.AddWithValue("fields", deltas.Select(d => d.Key.Field).ToArray());
        command.Parameters.AddWithValue("values", deltas.Select(d => d.Value).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
