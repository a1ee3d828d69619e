using LifecycleActors.Storage.Erasure;
using LifecycleActors.Storage.EventLog;
using Npgsql;
using NpgsqlTypes;

namespace LifecycleActors.Storage.Postgres;

/// <summary>
/// The append of a silo's batch in one statement (ADR 0020): its requests, whatever their tenants and however many,
/// in one insert that also routes anonymous ids by their links (ADR 0013), drops an erased past and moves the tenants'
/// watermarks, sent with the append lock as one implicit transaction that commits when the statement ends. The lock is
/// held while PostgreSQL executes and flushes, for no network round trip; before, it was held for one round trip per
/// request and a few more, and with storefronts sending a few events a request that was what every other silo waited
/// for. A batch that makes a new link, or meets a tenant's first erasure, goes the longer way (<see cref="CommitAsync"/>).
/// </summary>
public sealed partial class PostgresEventLog
{
    private const string OneStatementSql =
        """
        WITH batch AS (
            SELECT *
            FROM unnest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $16, $17) WITH ORDINALITY
                 AS e(tenant, event_id, customer_id, type, occurred_at, order_id, amount, int_value, referred_id, data, sent_as, customer_hash, referred_hash, anonymous, link_to, n)
        ),
        routed AS (
            SELECT b.*, l.customer_id AS linked
            FROM batch b
            LEFT JOIN identity_links l ON b.anonymous AND l.tenant = b.tenant AND l.anonymous_id = b.customer_id
        ),
        unhashed AS (
            SELECT s.tenant FROM tombstone_salts s
            WHERE s.tenant IN (SELECT tenant FROM batch) AND NOT (s.tenant = ANY ($14))
        ),
        erased AS (
            SELECT DISTINCT b.n
            FROM batch b
            JOIN erased_ids x ON x.tenant = b.tenant AND x.id_hash IN (b.customer_hash, b.referred_hash) AND b.occurred_at < x.erased_before
            WHERE b.tenant = ANY ($14)
        ),
        new_links AS (
            SELECT 1 FROM routed r
            WHERE r.link_to IS NOT NULL AND r.linked IS DISTINCT FROM r.link_to AND r.n NOT IN (SELECT n FROM erased)
            LIMIT 1
        ),
        inserted AS (
            INSERT INTO event_log (tenant, event_id, customer_id, type, occurred_at, received_at, order_id, amount, int_value, referred_id, data, sent_as)
            SELECT r.tenant, r.event_id, coalesce(r.linked, r.customer_id), r.type, r.occurred_at, $15, r.order_id, r.amount, r.int_value,
                   r.referred_id, r.data, CASE WHEN r.linked IS NULL THEN r.sent_as ELSE r.customer_id END
            FROM routed r
            WHERE NOT EXISTS (SELECT 1 FROM unhashed) AND NOT EXISTS (SELECT 1 FROM new_links)
              AND r.link_to IS NULL AND r.n NOT IN (SELECT n FROM erased)
            ORDER BY r.n
            ON CONFLICT (tenant, event_id) DO NOTHING
            RETURNING tenant, event_id, position, occurred_at, customer_id, sent_as
        ),
        watermarks AS (
            INSERT INTO tenant_watermarks (tenant, watermark)
            SELECT tenant, max(occurred_at) FROM inserted GROUP BY tenant
            ON CONFLICT (tenant) DO UPDATE SET watermark = greatest(tenant_watermarks.watermark, excluded.watermark)
        )
        SELECT 0, tenant, NULL, 0, NULL, NULL FROM unhashed
        UNION ALL SELECT 1, NULL, NULL, n, NULL, NULL FROM erased
        UNION ALL SELECT 2, tenant, event_id, position, customer_id, sent_as FROM inserted
        UNION ALL SELECT 3, NULL, NULL, 0, NULL, NULL FROM new_links
        """;

    /// <summary>The tenants' tombstone salts as far as this log has needed them; a salt never changes once made.</summary>
    private readonly Dictionary<string, byte[]> _appendSalts = new(StringComparer.Ordinal);

    /// <summary>
    /// Takes the append lock and inserts requests of <paramref name="batch"/> in one round trip: in
    /// <paramref name="transaction"/>, or, without one, in an implicit transaction committed with the statement. With
    /// <paramref name="identifies"/> every request, and an <c>identify</c> must repeat a link that exists (a browser
    /// identifies on every page; the repeat is a duplicate); without, only the requests that link nothing, and the
    /// caller writes the others in the same transaction, under the lock. Fills the results of the requests it wrote.
    /// Writes nothing and returns null when an <c>identify</c> makes a new link (a link changes where the events after
    /// it go: those requests are written event by event) or when a tenant of the batch has had its first erasure since
    /// this log last looked (its ids could not be hashed here; its salt is known from then on).
    /// </summary>
    private async Task<AppendResult?[]?> InsertInOneStatementAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyList<PendingAppend> batch, long receivedAt, bool identifies)
    {
        var results = new AppendResult?[batch.Count];
        var requests = Enumerable.Range(0, batch.Count).Where(i => identifies || LinksNothing(batch[i])).ToList();
        var rows = requests.SelectMany(i => batch[i].Events.Select(e => (Request: i, Event: e))).ToList();
        await using var statements = new NpgsqlBatch(connection, transaction);
        foreach (var serialise in SerialiseStatements())
        {
            statements.BatchCommands.Add(serialise);
        }

        var insert = new NpgsqlBatchCommand(OneStatementSql);
        AddRows(insert.Parameters, batch, rows, receivedAt);
        statements.BatchCommands.Add(insert);

        var unhashed = new HashSet<string>(StringComparer.Ordinal);
        var newLink = false;
        var erasedRows = new HashSet<int>();
        var positions = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
        var routes = new Dictionary<(string Tenant, string EventId), (string CustomerId, string? SentAs)>();
        await using (var reader = await statements.ExecuteReaderAsync())
        {
            // The settings and the lock return a row each; the insert's rows are the ones with six columns.
            do
            {
                while (reader.FieldCount == 6 && await reader.ReadAsync())
                {
                    switch (reader.GetInt32(0))
                    {
                        case 0:
                            unhashed.Add(reader.GetString(1));
                            break;
                        case 1:
                            erasedRows.Add((int)reader.GetInt64(3) - 1);
                            break;
                        case 3:
                            newLink = true;
                            break;
                        default:
                            var tenant = reader.GetString(1);
                            if (!positions.TryGetValue(tenant, out var ofTenant))
                            {
                                positions[tenant] = ofTenant = new Dictionary<string, long>(StringComparer.Ordinal);
                            }

                            var eventId = reader.GetString(2);
                            ofTenant[eventId] = reader.GetInt64(3);
                            routes[(tenant, eventId)] = (reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5));
                            break;
                    }
                }
            }
            while (await reader.NextResultAsync());
        }

        if (unhashed.Count > 0)
        {
            foreach (var tenant in unhashed)
            {
                _appendSalts[tenant] = await Tombstones.ReadSaltAsync(connection, transaction, tenant, CancellationToken.None)
                    ?? throw new InvalidOperationException("a tombstone salt is never removed");
            }

            return null;
        }

        if (newLink)
        {
            return null;
        }

        var row = 0;
        foreach (var i in requests)
        {
            var events = batch[i].Events;
            var kept = new List<NewEvent>(events.Count);
            for (var k = 0; k < events.Count; k++, row++)
            {
                if (!erasedRows.Contains(row))
                {
                    // An event sent under a linked anonymous id is the customer's, and keeps the id it was sent under.
                    var e = events[k];
                    kept.Add(routes.TryGetValue((batch[i].Tenant, e.EventId), out var to) && !string.Equals(to.CustomerId, e.CustomerId, StringComparison.Ordinal)
                        ? e with { CustomerId = to.CustomerId, SentAs = to.SentAs }
                        : e);
                }
            }

            var ofTenant = positions.GetValueOrDefault(batch[i].Tenant) ?? [];
            results[i] = Accepted(kept, ofTenant, kept.Count, []) with { Erased = events.Count - kept.Count };
        }

        return results;
    }

    /// <summary>The rows as one array per column, with the keyed hashes of their ids for the tenants whose salt is known.</summary>
    private void AddRows(NpgsqlParameterCollection p, IReadOnlyList<PendingAppend> batch, List<(int Request, NewEvent Event)> rows, long receivedAt)
    {
        string? Hash(string tenant, string? id) => id is not null && _appendSalts.TryGetValue(tenant, out var salt) ? TombstoneHash.Of(salt, id) : null;

        var events = rows.Select(r => r.Event).ToList();
        var tenants = rows.Select(r => batch[r.Request].Tenant).ToArray();
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = tenants });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = events.Select(e => e.EventId).ToArray() });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = events.Select(e => e.CustomerId).ToArray() });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = events.Select(e => e.Type).ToArray() });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, Value = events.Select(e => e.OccurredAt.UtcTicks).ToArray() });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = events.Select(e => e.OrderId).ToArray() });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Numeric, Value = events.Select(e => e.Amount).ToArray() });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer, Value = events.Select(e => e.IntValue).ToArray() });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = events.Select(e => e.ReferredCustomerId).ToArray() });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = events.Select(e => e.DataJson).ToArray() });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = events.Select(e => e.SentAs).ToArray() });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = rows.Select(r => Hash(batch[r.Request].Tenant, r.Event.CustomerId)).ToArray() });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = rows.Select(r => Hash(batch[r.Request].Tenant, r.Event.ReferredCustomerId)).ToArray() });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = tenants.Distinct(StringComparer.Ordinal).Where(_appendSalts.ContainsKey).ToArray() });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = receivedAt });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Boolean, Value = events.Select(e => e.Anonymous).ToArray() });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = events.Select(e => e.LinkTo).ToArray() });
    }

    /// <summary>Whether a request can always go into the one statement: it links no anonymous id to a customer.</summary>
    private static bool LinksNothing(PendingAppend request) => !request.Events.Any(e => e.LinkTo is not null);
}
