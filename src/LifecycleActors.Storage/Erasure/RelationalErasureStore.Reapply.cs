using System.Data;
using LifecycleActors.Storage.Relational;

namespace LifecycleActors.Storage.Erasure;

/// <summary>Erasures applied again after a restore (ADR 0016, Backups).</summary>
public abstract partial class RelationalErasureStore
{
    private const int IdsPerStatement = 500;

    public async Task<int> ReapplyAsync(string tenant, DateTimeOffset now, CancellationToken cancellationToken)
    {
        List<(string Id, long Before)> held;
        await using (var log = await OpenLogAsync(cancellationToken))
        {
            if (await Tombstones.ReadSaltAsync(log, null, tenant, cancellationToken) is not { } salt)
            {
                return 0;
            }

            // Every id the log holds, hashed as a tombstone would be; those a tombstone names, with its instant.
            await using var ids = log.Command("SELECT DISTINCT customer_id FROM event_log WHERE tenant = @tenant");
            ids.Add("@tenant", tenant, DbType.String);
            var byHash = (await ids.ReadListAsync(r => r.GetString(0), cancellationToken))
                .ToDictionary(id => TombstoneHash.Of(salt, id), StringComparer.Ordinal);
            var erased = await Tombstones.ErasedBeforeAsync(log, null, tenant, byHash.Keys, cancellationToken);
            held = await WithPastAsync(log, tenant, [.. erased.Select(e => (byHash[e.Key], e.Value))], cancellationToken);
        }

        foreach (var (id, before) in held)
        {
            await RequestAsync(tenant, id, ErasureRecord.RequestedByRestore, now, new DateTimeOffset(before, TimeSpan.Zero), cancellationToken);
        }

        return held.Count;
    }

    /// <summary>Of the erased ids, those with a log entry that occurred before their erasure (a new life alone is kept).</summary>
    private static async Task<List<(string Id, long Before)>> WithPastAsync(
        System.Data.Common.DbConnection log, string tenant, IReadOnlyList<(string Id, long Before)> erased, CancellationToken cancellationToken)
    {
        var before = erased.ToDictionary(e => e.Id, e => e.Before, StringComparer.Ordinal);
        var held = new List<(string, long)>();
        foreach (var chunk in erased.Chunk(IdsPerStatement))
        {
            await using var command = log.CreateCommand();
            command.CommandText = $"SELECT customer_id, MIN(occurred_at) FROM event_log WHERE tenant = @tenant AND customer_id IN ({command.AddList([.. chunk.Select(e => e.Id)], "@i")}) GROUP BY customer_id";
            command.Add("@tenant", tenant, DbType.String);
            foreach (var (id, first) in await command.ReadListAsync(r => (r.GetString(0), r.GetInt64(1)), cancellationToken))
            {
                if (first < before[id])
                {
                    held.Add((id, before[id]));
                }
            }
        }

        return held;
    }
}
