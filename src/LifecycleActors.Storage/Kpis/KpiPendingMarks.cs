using System.Data;
using System.Data.Common;
using LifecycleActors.Storage.Relational;

namespace LifecycleActors.Storage.Kpis;

/// <summary>Notes customers whose KPI cells must be recomputed (<c>kpi_pending</c>, ADR 0014).</summary>
internal static class KpiPendingMarks
{
    /// <summary>Rows per statement: two parameters each, well under both engines' limits.</summary>
    private const int RowsPerStatement = 400;

    /// <summary>
    /// Marks each (tenant, customer) pending, in key order (two transactions marking the same customers lock them in
    /// the same order). A mark already there grows, so a pass that read the older mark leaves this one in place.
    /// </summary>
    public static async Task MarkAsync(DbConnection connection, DbTransaction transaction, IEnumerable<(string Tenant, string CustomerId)> customers, CancellationToken cancellationToken)
    {
        var ordered = customers.Distinct().OrderBy(k => k.Tenant, StringComparer.Ordinal).ThenBy(k => k.CustomerId, StringComparer.Ordinal);
        foreach (var chunk in ordered.Chunk(RowsPerStatement))
        {
            await using var upsert = connection.Command(
                $"""
                INSERT INTO kpi_pending (tenant, customer_id, mark) VALUES {string.Join(", ", chunk.Select((_, i) => $"(@t{i}, @c{i}, 1)"))}
                ON CONFLICT (tenant, customer_id) DO UPDATE SET mark = kpi_pending.mark + 1
                """,
                transaction);
            for (var i = 0; i < chunk.Length; i++)
            {
                upsert.Add($"@t{i}", chunk[i].Tenant, DbType.String);
                upsert.Add($"@c{i}", chunk[i].CustomerId, DbType.String);
            }

            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
