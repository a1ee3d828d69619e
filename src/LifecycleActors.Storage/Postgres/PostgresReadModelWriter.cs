using System.Data.Common;
using LifecycleActors.Abstractions;
using LifecycleActors.Storage.ReadModel;
using LifecycleActors.Telemetry;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace LifecycleActors.Storage.Postgres;

/// <summary>
/// The read model writer on PostgreSQL: every silo writes the rows of the customers whose grains it hosts into
/// the one shared projection. Rows and transitions go as column arrays expanded by <c>unnest</c>, a few thousand
/// per statement: one round trip for a whole batch instead of one per row.
/// </summary>
public sealed class PostgresReadModelWriter(NpgsqlDataSource dataSource, ILogger<PostgresReadModelWriter> logger, ReadModelMetrics? metrics = null)
    : RelationalReadModelWriter(dataSource, logger, metrics)
{
    /// <summary>Rows per statement: large enough to pay one round trip per thousands, small enough for modest parameters.</summary>
    private const int RowsPerStatement = 2000;

    private protected override string Greatest => "greatest";

    private protected override async Task UpsertCustomersAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<CustomerRow> rows)
    {
        // In key order: two silos' batches touching the same rows then lock them in the same order, never a deadlock.
        var ordered = rows.OrderBy(r => r.Tenant, StringComparer.Ordinal).ThenBy(r => r.CustomerId, StringComparer.Ordinal).ToArray();
        foreach (var chunk in ordered.Chunk(RowsPerStatement))
        {
            await using var upsert = new NpgsqlCommand(
                """
                INSERT INTO customers (tenant, customer_id, stage, vip, advocate, net_spend, spend365, events_applied,
                                       applied_position, snapshot_position, next_change_at, updated_at, view,
                                       own_gap_days, purchase_days, first_purchase_day, last_purchase_day, repeat_mean_value)
                SELECT * FROM unnest(@tenant, @customer, @stage, @vip, @advocate, @net, @spend365, @events, @applied, @snapshot,
                                     @next, @updated, @view, @gap, @days, @first, @last, @repeat)
                ON CONFLICT (tenant, customer_id) DO UPDATE SET
                    stage = excluded.stage, vip = excluded.vip, advocate = excluded.advocate,
                    net_spend = excluded.net_spend, spend365 = excluded.spend365, events_applied = excluded.events_applied,
                    applied_position = excluded.applied_position,
                    snapshot_position = greatest(customers.snapshot_position, excluded.snapshot_position),
                    next_change_at = excluded.next_change_at, updated_at = excluded.updated_at, view = excluded.view,
                    own_gap_days = excluded.own_gap_days, purchase_days = excluded.purchase_days,
                    first_purchase_day = excluded.first_purchase_day, last_purchase_day = excluded.last_purchase_day,
                    repeat_mean_value = excluded.repeat_mean_value
                """,
                (NpgsqlConnection)connection,
                (NpgsqlTransaction)transaction);
            var p = upsert.Parameters;
            p.Add(Column("tenant", NpgsqlDbType.Text, chunk.Select(r => r.Tenant)));
            p.Add(Column("customer", NpgsqlDbType.Text, chunk.Select(r => r.CustomerId)));
            p.Add(Column("stage", NpgsqlDbType.Text, chunk.Select(r => r.Stage)));
            p.Add(Column("vip", NpgsqlDbType.Boolean, chunk.Select(r => r.Vip)));
            p.Add(Column("advocate", NpgsqlDbType.Boolean, chunk.Select(r => r.Advocate)));
            p.Add(Column("net", NpgsqlDbType.Double, chunk.Select(r => (double)r.NetSpend)));
            p.Add(Column("spend365", NpgsqlDbType.Double, chunk.Select(r => (double)r.Spend365)));
            p.Add(Column("events", NpgsqlDbType.Integer, chunk.Select(r => r.EventsApplied)));
            p.Add(Column("applied", NpgsqlDbType.Bigint, chunk.Select(r => r.AppliedPosition)));
            p.Add(Column("snapshot", NpgsqlDbType.Bigint, chunk.Select(r => r.SnapshotPosition)));
            p.Add(Column("next", NpgsqlDbType.Bigint, chunk.Select(r => r.NextChangeAt?.UtcTicks)));
            p.Add(Column("updated", NpgsqlDbType.Bigint, chunk.Select(r => r.UpdatedAt.UtcTicks)));
            p.Add(Column("view", NpgsqlDbType.Text, chunk.Select(r => r.ViewJson)));
            p.Add(Column("gap", NpgsqlDbType.Double, chunk.Select(r => r.Population.OwnGapDays)));
            p.Add(Column("days", NpgsqlDbType.Integer, chunk.Select(r => r.Population.PurchaseDays)));
            p.Add(Column("first", NpgsqlDbType.Integer, chunk.Select(r => r.Population.FirstPurchaseDay)));
            p.Add(Column("last", NpgsqlDbType.Integer, chunk.Select(r => r.Population.LastPurchaseDay)));
            p.Add(Column("repeat", NpgsqlDbType.Double, chunk.Select(r => r.Population.RepeatMeanValue)));
            await upsert.ExecuteNonQueryAsync();
        }
    }

    private protected override async Task InsertTransitionsAsync(DbConnection connection, DbTransaction transaction, List<TransitionRecord> transitions)
    {
        var ordered = transitions
            .OrderBy(t => t.Tenant, StringComparer.Ordinal).ThenBy(t => t.CustomerId, StringComparer.Ordinal).ThenBy(t => t.Sequence)
            .ToArray();
        foreach (var chunk in ordered.Chunk(RowsPerStatement))
        {
            await using var insert = new NpgsqlCommand(
                """
                INSERT INTO transitions (tenant, customer_id, sequence, kind, from_value, to_value, at, detected_at, reason, reason_code, reason_args)
                SELECT * FROM unnest(@tenant, @customer, @sequence, @kind, @from, @to, @at, @detected, @reason, @reasonCode, @reasonArgs)
                ON CONFLICT (tenant, customer_id, sequence) DO NOTHING
                """,
                (NpgsqlConnection)connection,
                (NpgsqlTransaction)transaction);
            var p = insert.Parameters;
            p.Add(Column("tenant", NpgsqlDbType.Text, chunk.Select(t => t.Tenant)));
            p.Add(Column("customer", NpgsqlDbType.Text, chunk.Select(t => t.CustomerId)));
            p.Add(Column("sequence", NpgsqlDbType.Bigint, chunk.Select(t => t.Sequence)));
            p.Add(Column("kind", NpgsqlDbType.Text, chunk.Select(t => t.Kind)));
            p.Add(Column("from", NpgsqlDbType.Text, chunk.Select(t => t.From)));
            p.Add(Column("to", NpgsqlDbType.Text, chunk.Select(t => t.To)));
            p.Add(Column("at", NpgsqlDbType.Bigint, chunk.Select(t => t.At.UtcTicks)));
            p.Add(Column("detected", NpgsqlDbType.Bigint, chunk.Select(t => t.DetectedAt.UtcTicks)));
            p.Add(Column("reason", NpgsqlDbType.Text, chunk.Select(t => t.Reason)));
            p.Add(Column("reasonCode", NpgsqlDbType.Text, chunk.Select(t => t.ReasonCode)));
            p.Add(Column("reasonArgs", NpgsqlDbType.Text, chunk.Select(t => t.ReasonArgs)));
            await insert.ExecuteNonQueryAsync();
        }
    }

    /// <summary>One column of the batch as a typed array parameter (nulls included).</summary>
    private static NpgsqlParameter Column<T>(string name, NpgsqlDbType type, IEnumerable<T> values) =>
        new(name, NpgsqlDbType.Array | type) { Value = values.ToArray() };
}
