using System.Data;
using System.Data.Common;
using LifecycleActors.Rules.Kpis;
using LifecycleActors.Storage.Relational;
using LifecycleActors.Storage.Retention;

namespace LifecycleActors.Storage.ReadModel;

/// <summary>The inputs of the KPIs over time and the cohorts, read from the log and the transitions table.</summary>
public abstract partial class RelationalReadModel
{
    public async Task<KpiHistory> ReadKpiHistoryAsync(string tenant, CancellationToken cancellationToken)
    {
        await using var connection = await OpenWithLogAsync(cancellationToken);
        var links = await ReadLinksAsync(connection, tenant, cancellationToken);
        string CustomerOf(string id) => links.GetValueOrDefault(id, id);

        var firstEvents = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        await using (var command = connection.Command($"SELECT customer_id, MIN(occurred_at) FROM {LogTable} WHERE tenant = @tenant GROUP BY customer_id"))
        {
            command.Add("@tenant", tenant, DbType.String);
            foreach (var (id, at) in await command.ReadListAsync(r => (r.GetString(0), r.Ticks(1)), cancellationToken))
            {
                var customer = CustomerOf(id);
                if (!firstEvents.TryGetValue(customer, out var known) || at < known)
                {
                    firstEvents[customer] = at;
                }
            }
        }

        var orders = await ReadLoggedAsync(connection, tenant, "order_placed", r => new KpiOrder(CustomerOf(r.GetString(0)), r.GetString(1), r.Ticks(2), r.Amount(3)), cancellationToken);
        var refunds = await ReadLoggedAsync(connection, tenant, "order_refunded", r => new KpiRefund(CustomerOf(r.GetString(0)), r.GetString(1), r.Ticks(2), r.Amount(3)), cancellationToken);
        var answers = await ReadLoggedAsync(connection, tenant, "nps_response", r => new KpiNpsResponse(CustomerOf(r.GetString(0)), r.Ticks(2), r.GetInt32(4)), cancellationToken);

        // What retention kept of removed entries (ADR 0017) counts as they did.
        foreach (var (customer, summary) in await ReadLoggedAsync(
            connection, tenant, HistorySummary.Type, r => (CustomerOf(r.GetString(0)), HistorySummary.Read(r.GetString(5))), cancellationToken))
        {
            orders.AddRange(summary.KpiOrders(customer));
            refunds.AddRange(summary.KpiRefunds(customer));
            answers.AddRange(summary.KpiNpsResponses(customer));
        }

        // A linked anonymous id's own transitions are left out: the customer it is linked to stands for it (ADR 0013).
        await using var transitions = connection.Command("SELECT customer_id, kind, from_value, to_value, at, sequence FROM transitions WHERE tenant = @tenant");
        transitions.Add("@tenant", tenant, DbType.String);
        var stored = await transitions.ReadListAsync(
            r => new KpiTransition(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.Ticks(4), r.GetInt64(5)), cancellationToken);
        stored.RemoveAll(t => links.ContainsKey(t.CustomerId));
        return new KpiHistory(firstEvents, orders, refunds, stored, answers);
    }

    /// <summary>The tenant's log entries of one type as (customer, orderId, occurredAt, amount, int value, data).</summary>
    private async Task<List<T>> ReadLoggedAsync<T>(DbConnection connection, string tenant, string type, Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        await using var command = connection.Command($"""
            SELECT customer_id, COALESCE(order_id, ''), occurred_at, COALESCE(amount, 0), COALESCE(int_value, 0), data
            FROM {LogTable} WHERE tenant = @tenant AND type = @type
            """);
        command.Add("@tenant", tenant, DbType.String);
        command.Add("@type", type, DbType.String);
        return await command.ReadListAsync(map, cancellationToken);
    }

    private async Task<Dictionary<string, string>> ReadLinksAsync(DbConnection connection, string tenant, CancellationToken cancellationToken)
    {
        await using var command = connection.Command($"SELECT anonymous_id, customer_id FROM {LinksTable} WHERE tenant = @tenant");
        command.Add("@tenant", tenant, DbType.String);
        var links = await command.ReadListAsync(r => (Anonymous: r.GetString(0), Customer: r.GetString(1)), cancellationToken);
        return links.ToDictionary(l => l.Anonymous, l => l.Customer, StringComparer.Ordinal);
    }
}
