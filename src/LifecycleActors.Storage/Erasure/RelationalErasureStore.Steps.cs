using System.Data;
using System.Data.Common;
using System.Text.Json;
using LifecycleActors.Storage.Relational;

namespace LifecycleActors.Storage.Erasure;

/// <summary>The steps of an erasure, each safe to repeat, and the check that nothing is left.</summary>
public abstract partial class RelationalErasureStore
{
    public async Task SealLogAsync(ErasureRecord erasure, CancellationToken cancellationToken)
    {
        var tenant = erasure.Tenant;
        var customerId = IdsOf(erasure)[0];
        await using var connection = await OpenLogAsync(cancellationToken);
        await using var transaction = await BeginLogStepAsync(connection, cancellationToken);
        await using (var done = connection.Command("SELECT COUNT(*) FROM erasures WHERE erasure_id = @id AND sealed = @sealed", transaction))
        {
            // Another silo whose claim ran out may have run the step meanwhile (log steps take turns under the lock).
            done.Add("@id", erasure.ErasureId, DbType.String);
            done.Add("@sealed", true, DbType.Boolean);
            if (await done.ReadInt64Async(cancellationToken) > 0)
            {
                return;
            }
        }

        var salt = await EnsureSaltAsync(connection, transaction, tenant, cancellationToken);

        List<string> linked;
        await using (var links = connection.Command("SELECT anonymous_id FROM identity_links WHERE tenant = @tenant AND customer_id = @customer ORDER BY anonymous_id", transaction))
        {
            links.Add("@tenant", tenant, DbType.String);
            links.Add("@customer", customerId, DbType.String);
            linked = await links.ReadListAsync(r => r.GetString(0), cancellationToken);
        }

        var ids = (List<string>)[customerId, .. linked.Union(erasure.Working.Linked, StringComparer.Ordinal)];
        var related = new HashSet<string>(StringComparer.Ordinal);
        await using (var referrals = connection.Command("", transaction))
        {
            // Who referred it, and whom it referred: they forget it (ADR 0016).
            var names = referrals.AddList(ids, "@i");
            referrals.CommandText = $"""
                SELECT customer_id FROM event_log WHERE tenant = @tenant AND referred_id IN ({names})
                UNION
                SELECT referred_id FROM event_log WHERE tenant = @tenant AND customer_id IN ({names}) AND referred_id IS NOT NULL
                """;
            referrals.Add("@tenant", tenant, DbType.String);
            related.UnionWith(await referrals.ReadListAsync(r => r.GetString(0), cancellationToken));
        }

        related.ExceptWith(ids);
        var working = new ErasureWorkingSet(
            [.. ids.Skip(1)],
            [.. related.Order(StringComparer.Ordinal)],
            ids.ToDictionary(id => id, id => TombstoneHash.Pseudonym(TombstoneHash.Of(salt, id)), StringComparer.Ordinal));
        foreach (var id in ids)
        {
            await using var tombstone = connection.Command(
                $"""
                INSERT INTO erased_ids (tenant, id_hash, erased_before) VALUES (@tenant, @hash, @before)
                ON CONFLICT (tenant, id_hash) DO UPDATE SET erased_before = {Greatest}(erased_ids.erased_before, excluded.erased_before)
                """,
                transaction);
            tombstone.Add("@tenant", tenant, DbType.String);
            tombstone.Add("@hash", TombstoneHash.Of(salt, id), DbType.String);
            tombstone.Add("@before", erasure.ErasedBefore.UtcTicks, DbType.Int64);
            await tombstone.ExecuteNonQueryAsync(cancellationToken);
        }

        var counts = new Dictionary<string, long>
        {
            ["eventLog"] = await DeletePastAsync(connection, transaction, erasure, ids, cancellationToken),
            ["identityLinks"] = await ExecuteAsync(
                connection, transaction, "DELETE FROM identity_links WHERE tenant = @tenant AND (customer_id IN ({ids}) OR anonymous_id IN ({ids}))", tenant, ids, cancellationToken),
            ["referralsPseudonymised"] = await PseudonymiseReferralsAsync(connection, transaction, tenant, working.Pseudonyms, cancellationToken),
        };

        await using (var sealedNow = connection.Command("UPDATE erasures SET sealed = @sealed, working_set = @working WHERE erasure_id = @id", transaction))
        {
            sealedNow.Add("@sealed", true, DbType.Boolean);
            sealedNow.Add("@working", JsonSerializer.Serialize(working), DbType.String);
            sealedNow.Add("@id", erasure.ErasureId, DbType.String);
            await sealedNow.ExecuteNonQueryAsync(cancellationToken);
        }

        await AddCountsAsync(connection, transaction, erasure.ErasureId, counts, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task RemoveRowsAsync(ErasureRecord erasure, CancellationToken cancellationToken)
    {
        var tenant = erasure.Tenant;
        var ids = IdsOf(erasure);
        if (!erasure.Sealed)
        {
            throw new InvalidOperationException($"erasure {erasure.ErasureId}: the log step has not run");
        }

        var counts = new Dictionary<string, long>();
        await using (var connection = await OpenReadModelAsync(cancellationToken))
        {
            await using var transaction = await BeginWriteAsync(connection, cancellationToken);
            counts["customers"] = await ExecuteAsync(connection, transaction, "DELETE FROM customers WHERE tenant = @tenant AND customer_id IN ({ids})", tenant, ids, cancellationToken);
            counts["transitions"] = await ExecuteAsync(connection, transaction, "DELETE FROM transitions WHERE tenant = @tenant AND customer_id IN ({ids})", tenant, ids, cancellationToken);
            counts["loggedCounts"] = await ExecuteAsync(connection, transaction, "DELETE FROM logged_counts WHERE tenant = @tenant AND customer_id IN ({ids})", tenant, ids, cancellationToken);
            counts["linkedCustomers"] = await ExecuteAsync(
                connection, transaction, "DELETE FROM linked_customers WHERE tenant = @tenant AND (customer_id IN ({ids}) OR anonymous_id IN ({ids}))", tenant, ids, cancellationToken);
            counts["connectorOrders"] = await ExecuteAsync(connection, transaction, "DELETE FROM connector_orders WHERE tenant = @tenant AND customer_id IN ({ids})", tenant, ids, cancellationToken);
            counts["privacyRequests"] = await ExecuteAsync(
                connection,
                transaction,
                """
                UPDATE privacy_requests
                SET customer_id = CASE WHEN customer_id IN ({ids}) THEN NULL ELSE customer_id END,
                    email_customer_id = CASE WHEN email_customer_id IN ({ids}) THEN NULL ELSE email_customer_id END
                WHERE tenant = @tenant AND (customer_id IN ({ids}) OR email_customer_id IN ({ids}))
                """,
                tenant,
                ids,
                cancellationToken);
            counts["campaignEntries"] = 0;
            counts["agentTasks"] = 0;
            foreach (var id in ids)
            {
                var pseudonym = erasure.Working.Pseudonyms[id];
                counts["campaignEntries"] += await PseudonymiseAsync(
                    connection,
                    transaction,
                    """
                    UPDATE campaign_entries
                    SET customer_id = @pseudonym, transition = '{}', last_error = NULL,
                        reason = CASE WHEN status = 'pending' THEN 'erased' ELSE reason END,
                        status = CASE WHEN status = 'pending' THEN 'cancelled' ELSE status END
                    WHERE tenant = @tenant AND customer_id = @id
                    """,
                    tenant,
                    id,
                    pseudonym,
                    cancellationToken);
                counts["agentTasks"] += await PseudonymiseAsync(
                    connection,
                    transaction,
                    "UPDATE agent_tasks SET customer_id = @pseudonym, task_id = replace(task_id, ':' || @id || ':', ':' || @pseudonym || ':') WHERE tenant = @tenant AND customer_id = @id",
                    tenant,
                    id,
                    pseudonym,
                    cancellationToken);
            }

            // Its KPI cells go with its history: recomputed from nothing, they leave the tenant's sums.
            await MarkKpisAsync(connection, transaction, tenant, ids, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        counts["snapshots"] = await DeleteSnapshotsAsync(erasure, cancellationToken);
        await using (var log = await OpenLogAsync(cancellationToken))
        {
            await using var transaction = await BeginWriteAsync(log, cancellationToken);
            await AddCountsAsync(log, transaction, erasure.ErasureId, counts, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    public async Task RemoveSnapshotsAsync(ErasureRecord erasure, CancellationToken cancellationToken)
    {
        var removed = await DeleteSnapshotsAsync(erasure, cancellationToken);
        await using var log = await OpenLogAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(log, cancellationToken);
        await AddCountsAsync(log, transaction, erasure.ErasureId, new Dictionary<string, long> { ["snapshots"] = removed }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task<long> DeleteSnapshotsAsync(ErasureRecord erasure, CancellationToken cancellationToken)
    {
        await using var grains = await OpenGrainsAsync(cancellationToken);
        var keys = IdsOf(erasure).Select(id => GrainKey(erasure.Tenant, id)).ToList();
        return await ExecuteAsync(grains, null, "DELETE FROM grain_state WHERE state_name = 'customer' AND key_text IN ({ids})", null, keys, cancellationToken);
    }

    /// <summary>The ids' log entries that occurred before the erasure; later ones are a new customer's, appended in the meantime.</summary>
    private static async Task<long> DeletePastAsync(DbConnection connection, DbTransaction transaction, ErasureRecord erasure, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        await using var delete = connection.Command("", transaction);
        delete.CommandText = $"DELETE FROM event_log WHERE tenant = @tenant AND occurred_at < @before AND customer_id IN ({delete.AddList(ids, "@i")})";
        delete.Add("@tenant", erasure.Tenant, DbType.String);
        delete.Add("@before", erasure.ErasedBefore.UtcTicks, DbType.Int64);
        return await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<byte[]> EnsureSaltAsync(DbConnection connection, DbTransaction transaction, string tenant, CancellationToken cancellationToken)
    {
        await using (var insert = connection.Command("INSERT INTO tombstone_salts (tenant, salt) VALUES (@tenant, @salt) ON CONFLICT (tenant) DO NOTHING", transaction))
        {
            insert.Add("@tenant", tenant, DbType.String);
            insert.Add("@salt", TombstoneHash.NewSalt(), DbType.Binary);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        return await Tombstones.ReadSaltAsync(connection, transaction, tenant, cancellationToken)
            ?? throw new InvalidOperationException("the tombstone salt was not stored");
    }

    /// <summary>Others' referral entries that name an erased id keep their count under the id's pseudonym.</summary>
    private async Task<long> PseudonymiseReferralsAsync(
        DbConnection connection, DbTransaction transaction, string tenant, IReadOnlyDictionary<string, string> pseudonyms, CancellationToken cancellationToken)
    {
        long rows = 0;
        foreach (var (id, pseudonym) in pseudonyms)
        {
            rows += await PseudonymiseAsync(
                connection,
                transaction,
                $"""
                UPDATE event_log SET referred_id = @pseudonym, data = replace(data, {JsonQuoted("@id")}, {JsonQuoted("@pseudonym")})
                WHERE tenant = @tenant AND referred_id = @id
                """,
                tenant,
                id,
                pseudonym,
                cancellationToken);
        }

        return rows;
    }

    private static async Task<long> PseudonymiseAsync(
        DbConnection connection, DbTransaction transaction, string sql, string tenant, string id, string pseudonym, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(sql, transaction);
        command.Add("@tenant", tenant, DbType.String);
        command.Add("@id", id, DbType.String);
        command.Add("@pseudonym", pseudonym, DbType.String);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
