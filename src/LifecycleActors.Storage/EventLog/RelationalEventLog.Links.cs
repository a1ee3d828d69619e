using System.Data;
using System.Data.Common;
using LifecycleActors.Storage.Relational;

namespace LifecycleActors.Storage.EventLog;

/// <summary>
/// Identity links at append (ADR 0013): an <c>identify</c> links an anonymous id to a customer in the same transaction
/// that logs it, and from then on every event sent under that id is logged under the customer (its
/// <see cref="NewEvent.SentAs"/> keeps the id it was sent under). Appends are serialised (one writer on SQLite, the
/// append lock on PostgreSQL), so the link and the routing are decided in one order for every silo, and once the
/// link commits no entry is ever added under the anonymous id again: what the customer merges is fixed.
/// </summary>
public abstract partial class RelationalEventLog
{
    /// <summary>The refusal of a second, different link; it names no other customer.</summary>
    public const string AlreadyLinkedError =
        "data.customerId: this anonymous id is already linked to another customer (an anonymous id links to one customer only)";

    private async Task<AppendResult> InsertLinkedAsync(DbConnection connection, DbTransaction transaction, PendingAppend pending, long receivedAt)
    {
        var tenant = pending.Tenant;
        var links = await ReadLinksAsync(connection, transaction, tenant, pending.Events.Where(e => e.Anonymous).Select(e => e.CustomerId));
        var written = new List<NewEvent>(pending.Events.Count);
        var positions = new Dictionary<string, long>(StringComparer.Ordinal);
        var refused = new List<RefusedEvent>();
        var chunk = new List<NewEvent>();
        foreach (var e in pending.Events)
        {
            if (e.LinkTo is not { } target)
            {
                chunk.Add(e.Anonymous && links.TryGetValue(e.CustomerId, out var linked) ? e with { CustomerId = linked, SentAs = e.CustomerId } : e);
                continue;
            }

            if (links.TryGetValue(e.CustomerId, out var existing))
            {
                // The same link again (a browser identifies on every page) is a duplicate; a different one is refused.
                if (!string.Equals(existing, target, StringComparison.Ordinal))
                {
                    refused.Add(new RefusedEvent(e.EventId, AlreadyLinkedError));
                }

                continue;
            }

            // What came before the identify stays the anonymous id's; the identify itself is the customer's entry.
            await WriteAsync(chunk);
            var identify = e with { CustomerId = target, SentAs = e.CustomerId };
            var before = positions.Count;
            await WriteAsync([identify]);
            if (positions.Count > before)
            {
                await InsertLinkAsync(connection, transaction, tenant, e.CustomerId, target, e.EventId);
                links[e.CustomerId] = target;
            }
        }

        await WriteAsync(chunk);
        return Accepted(written, positions, pending.Events.Count, refused);

        async Task WriteAsync(List<NewEvent> rows)
        {
            if (rows.Count == 0)
            {
                return;
            }

            foreach (var (id, position) in await InsertRowsAsync(connection, transaction, tenant, rows, receivedAt))
            {
                positions.TryAdd(id, position);
            }

            written.AddRange(rows);
            rows.Clear();
        }
    }

    /// <summary>The customers the given anonymous ids are linked to (only those that are linked).</summary>
    private static async Task<Dictionary<string, string>> ReadLinksAsync(DbConnection connection, DbTransaction transaction, string tenant, IEnumerable<string> anonymousIds)
    {
        var ids = anonymousIds.Distinct(StringComparer.Ordinal).ToList();
        await using var command = connection.Command("", transaction);
        command.CommandText = $"SELECT anonymous_id, customer_id FROM identity_links WHERE tenant = @tenant AND anonymous_id IN ({command.AddList(ids, "@a")})";
        command.Add("@tenant", tenant, DbType.String);

        var rows = await command.ReadListAsync(r => (Anonymous: r.GetString(0), Customer: r.GetString(1)), CancellationToken.None);
        return rows.ToDictionary(r => r.Anonymous, r => r.Customer, StringComparer.Ordinal);
    }

    private static async Task InsertLinkAsync(DbConnection connection, DbTransaction transaction, string tenant, string anonymousId, string customerId, string eventId)
    {
        await using var command = connection.Command(
            "INSERT INTO identity_links (tenant, anonymous_id, customer_id, event_id) VALUES (@tenant, @anonymous, @customer, @event)",
            transaction);
        command.Add("@tenant", tenant, DbType.String);
        command.Add("@anonymous", anonymousId, DbType.String);
        command.Add("@customer", customerId, DbType.String);
        command.Add("@event", eventId, DbType.String);
        await command.ExecuteNonQueryAsync();
    }
}
