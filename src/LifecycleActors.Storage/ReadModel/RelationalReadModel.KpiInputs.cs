using System.Data;
using System.Data.Common;
using LifecycleActors.Rules.Kpis;
using LifecycleActors.Storage.Kpis;
using LifecycleActors.Storage.Relational;
using LifecycleActors.Storage.Retention;

namespace LifecycleActors.Storage.ReadModel;

public abstract partial class RelationalReadModel
{
    /// <summary>
    /// What one batch of a tenant's pending customers is recomputed from, read in a few queries: the customers they
    /// stand for (a linked anonymous id stands for its customer, ADR 0013), those customers' log entries (their
    /// anonymous ids' included) and transitions, and the cells stored for each (locked, where rows lock).
    /// </summary>
    private sealed class KpiBatchInputs(RelationalReadModel model, DbConnection connection, DbTransaction transaction, string tenant)
    {
        /// <summary>Rows per written statement: two parameters each, well under both engines' limits.</summary>
        private const int RowsPerStatement = 400;

        private readonly Dictionary<string, string> _ownerOf = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<string>> _anonymousOf = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Dictionary<KpiCell, decimal>> _stored = new(StringComparer.Ordinal);
        private readonly List<(string Customer, string Type, string OrderId, DateTimeOffset At, decimal Amount, int Value)> _entries = [];
        private readonly List<(string Customer, HistorySummary Summary)> _summaries = [];
        private readonly List<(string Customer, string? Cells)> _written = [];
        private List<KpiTransition> _transitions = [];
        private List<string> _customers = [];

        public async Task ReadAsync(IReadOnlyList<string> pending, CancellationToken cancellationToken)
        {
            foreach (var (anonymous, customer) in await LinksAsync("anonymous_id", pending, cancellationToken))
            {
                _ownerOf[anonymous] = customer;
            }

            var owners = pending.Select(OwnerOf).Distinct(StringComparer.Ordinal).ToList();
            foreach (var (anonymous, customer) in await LinksAsync("customer_id", owners, cancellationToken))
            {
                _ownerOf[anonymous] = customer;
                (_anonymousOf.TryGetValue(customer, out var list) ? list : _anonymousOf[customer] = []).Add(anonymous);
            }

            _customers = [.. owners.Concat(_anonymousOf.Values.SelectMany(a => a)).Concat(pending).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

            await using (var stored = Command(model.RowsOfCustomers("kpi_customers", "e.customer_id, e.cells", locked: true), _customers))
            {
                foreach (var (customer, cells) in await stored.ReadListAsync(r => (r.GetString(0), r.GetString(1)), cancellationToken))
                {
                    _stored[customer] = KpiCellsText.Read(cells);
                }
            }

            await using (var log = Command(
                model.RowsOfCustomers(
                    model.LogTable,
                    $"e.customer_id, e.type, COALESCE(e.order_id, ''), e.occurred_at, COALESCE(e.amount, 0), COALESCE(e.int_value, 0), CASE WHEN e.type = '{HistorySummary.Type}' THEN e.data END"),
                _customers))
            {
                foreach (var (customer, type, orderId, at, amount, value, summary) in await log.ReadListAsync(
                    r => (OwnerOf(r.GetString(0)), r.GetString(1), r.GetString(2), r.Ticks(3), r.Amount(4), r.GetInt32(5), r.NullableString(6)), cancellationToken))
                {
                    _entries.Add((customer, type, orderId, at, amount, value));
                    if (summary is not null)
                    {
                        _summaries.Add((customer, HistorySummary.Read(summary)));
                    }
                }
            }

            await using var transitions = Command(model.RowsOfCustomers("transitions", "e.customer_id, e.kind, e.from_value, e.to_value, e.at, e.sequence"), owners);
            _transitions = await transitions.ReadListAsync(
                r => new KpiTransition(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.Ticks(4), r.GetInt64(5)), cancellationToken);
        }

        /// <summary>Each customer to store cells for, with its history; null for an anonymous id linked to a customer (its customer counts it).</summary>
        public IEnumerable<(string Customer, KpiHistory? History)> Histories()
        {
            var entries = _entries.ToLookup(e => e.Customer, StringComparer.Ordinal);
            var transitions = _transitions.ToLookup(t => t.CustomerId, StringComparer.Ordinal);
            var summaries = _summaries.ToLookup(s => s.Customer, s => s.Summary, StringComparer.Ordinal);
            foreach (var customer in _customers)
            {
                if (_ownerOf.ContainsKey(customer))
                {
                    yield return (customer, null);
                    continue;
                }

                var own = entries[customer].ToList();
                var known = own.Count == 0
                    ? new Dictionary<string, DateTimeOffset>()
                    : new Dictionary<string, DateTimeOffset> { [customer] = own.Min(e => e.At) };
                yield return (customer, new KpiHistory(
                    known,
                    [.. own.Where(e => e.Type == "order_placed").Select(e => new KpiOrder(customer, e.OrderId, e.At, e.Amount)), .. summaries[customer].SelectMany(s => s.KpiOrders(customer))],
                    [.. own.Where(e => e.Type == "order_refunded").Select(e => new KpiRefund(customer, e.OrderId, e.At, e.Amount)), .. summaries[customer].SelectMany(s => s.KpiRefunds(customer))],
                    [.. transitions[customer]],
                    [.. own.Where(e => e.Type == "nps_response").Select(e => new KpiNpsResponse(customer, e.At, e.Value)), .. summaries[customer].SelectMany(s => s.KpiNpsResponses(customer))]));
            }
        }

        /// <summary>The cells stored for the customer, or null when it has no row.</summary>
        public Dictionary<KpiCell, decimal>? StoredCells(string customer) => _stored.GetValueOrDefault(customer);

        /// <summary>Notes the customer's new cells, written by <see cref="WriteCellsAsync"/>.</summary>
        public void Store(string customer, IReadOnlyDictionary<KpiCell, decimal> cells) => _written.Add((customer, cells.Count == 0 ? null : KpiCellsText.Write(cells)));

        /// <summary>
        /// Writes the noted cells in a few statements: rows left empty are deleted, rows that were there updated, and new
        /// rows inserted with a plain insert, so two silos inserting the same customer's first row cannot both commit.
        /// </summary>
        public async Task WriteCellsAsync(CancellationToken cancellationToken)
        {
            var gone = _written.Where(w => w.Cells is null && _stored.ContainsKey(w.Customer)).Select(w => w.Customer).ToList();
            var changed = _written.Where(w => w.Cells is not null && _stored.ContainsKey(w.Customer)).ToList();
            var added = _written.Where(w => w.Cells is not null && !_stored.ContainsKey(w.Customer)).ToList();
            foreach (var chunk in gone.Chunk(RowsPerStatement))
            {
                await using var delete = Command("DELETE FROM kpi_customers WHERE tenant = @tenant AND customer_id IN ({0})", chunk);
                await delete.ExecuteNonQueryAsync(cancellationToken);
            }

            foreach (var chunk in changed.Chunk(RowsPerStatement))
            {
                await using var update = Rows(
                    "WITH v (id, cells) AS (VALUES {0}) UPDATE kpi_customers SET cells = v.cells FROM v WHERE kpi_customers.tenant = @tenant AND kpi_customers.customer_id = v.id",
                    chunk);
                await update.ExecuteNonQueryAsync(cancellationToken);
            }

            foreach (var chunk in added.Chunk(RowsPerStatement))
            {
                await using var insert = Rows("WITH v (id, cells) AS (VALUES {0}) INSERT INTO kpi_customers (tenant, customer_id, cells) SELECT @tenant, id, cells FROM v", chunk);
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        private string OwnerOf(string id) => _ownerOf.GetValueOrDefault(id, id);

        private async Task<List<(string Anonymous, string Customer)>> LinksAsync(string column, IReadOnlyList<string> ids, CancellationToken cancellationToken)
        {
            await using var command = Command($"SELECT anonymous_id, customer_id FROM {model.LinksTable} WHERE tenant = @tenant AND {column} IN ({{0}})", ids);
            return await command.ReadListAsync(r => (r.GetString(0), r.GetString(1)), cancellationToken);
        }

        /// <summary>A command of the tenant with <c>{0}</c> in <paramref name="sql"/> replaced by <c>(@i, @x)</c> rows of (customer, cells).</summary>
        private DbCommand Rows(string sql, IReadOnlyList<(string Customer, string? Cells)> rows)
        {
            var command = connection.Command(string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, string.Join(", ", rows.Select((_, i) => $"(@i{i}, @x{i})"))), transaction);
            command.Add("@tenant", tenant, DbType.String);
            for (var i = 0; i < rows.Count; i++)
            {
                command.Add($"@i{i}", rows[i].Customer, DbType.String);
                command.Add($"@x{i}", rows[i].Cells, DbType.String);
            }

            return command;
        }

        /// <summary>A command of the tenant with <c>{0}</c> in <paramref name="sql"/> replaced by one parameter per id.</summary>
        private DbCommand Command(string sql, IReadOnlyList<string> ids)
        {
            var command = connection.Command(string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, string.Join(", ", ids.Select((_, i) => $"@id{i}"))), transaction);
            command.Add("@tenant", tenant, DbType.String);
            for (var i = 0; i < ids.Count; i++)
            {
                command.Add($"@id{i}", ids[i], DbType.String);
            }

            return command;
        }
    }
}
