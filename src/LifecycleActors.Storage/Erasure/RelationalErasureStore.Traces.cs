using System.Data;
using System.Data.Common;
using LifecycleActors.Storage.Relational;

namespace LifecycleActors.Storage.Erasure;

/// <summary>The check that ends an erasure: every table the customer can be in, asked whether it still is.</summary>
public abstract partial class RelationalErasureStore
{
    public async Task<IReadOnlyList<string>> TracesAsync(ErasureRecord erasure, CancellationToken cancellationToken)
    {
        var tenant = erasure.Tenant;
        var ids = IdsOf(erasure);
        var traces = new List<string>();
        await using (var log = await OpenLogAsync(cancellationToken))
        {
            // Only the erased past: events that occurred after the erasure are a new customer's.
            await AddTraceAsync(log, "event_log", "SELECT COUNT(*) FROM event_log WHERE tenant = @tenant AND occurred_at < @before AND (customer_id IN ({ids}) OR referred_id IN ({ids}))", ids);
            await AddTraceAsync(log, "identity_links", "SELECT COUNT(*) FROM identity_links WHERE tenant = @tenant AND (customer_id IN ({ids}) OR anonymous_id IN ({ids}))", ids);

            // An id that already lives again has rows of its new life only (rebuilt from its new events): not traces.
            await using var alive = log.Command("");
            alive.CommandText = $"SELECT DISTINCT customer_id FROM event_log WHERE tenant = @tenant AND occurred_at >= @before AND customer_id IN ({alive.AddList(ids, "@i")})";
            alive.Add("@tenant", tenant, DbType.String);
            alive.Add("@before", erasure.ErasedBefore.UtcTicks, DbType.Int64);
            ids = [.. ids.Except(await alive.ReadListAsync(r => r.GetString(0), cancellationToken), StringComparer.Ordinal)];
        }

        if (ids.Count == 0)
        {
            return traces;
        }

        await using (var readModel = await OpenReadModelAsync(cancellationToken))
        {
            foreach (var table in (string[])["customers", "transitions", "logged_counts", "kpi_customers", "kpi_pending", "campaign_entries", "agent_tasks", "connector_orders"])
            {
                await AddTraceAsync(readModel, table, $"SELECT COUNT(*) FROM {table} WHERE tenant = @tenant AND customer_id IN ({{ids}})", ids);
            }

            await AddTraceAsync(readModel, "linked_customers", "SELECT COUNT(*) FROM linked_customers WHERE tenant = @tenant AND (customer_id IN ({ids}) OR anonymous_id IN ({ids}))", ids);
        }

        await using (var grains = await OpenGrainsAsync(cancellationToken))
        {
            await AddTraceAsync(grains, "grain_state", "SELECT COUNT(*) FROM grain_state WHERE state_name = 'customer' AND key_text IN ({ids})", [.. ids.Select(id => GrainKey(tenant, id))]);
        }

        return traces;

        async Task AddTraceAsync(DbConnection connection, string table, string sql, IReadOnlyList<string> values)
        {
            await using var command = connection.Command("");
            command.CommandText = sql.Replace("{ids}", command.AddList(values, "@i"), StringComparison.Ordinal);
            if (sql.Contains("@tenant", StringComparison.Ordinal))
            {
                command.Add("@tenant", tenant, DbType.String);
            }

            if (sql.Contains("@before", StringComparison.Ordinal))
            {
                command.Add("@before", erasure.ErasedBefore.UtcTicks, DbType.Int64);
            }

            if (await command.ReadInt64Async(cancellationToken) > 0)
            {
                traces.Add(table);
            }
        }
    }
}
