using System.Data;
using System.Data.Common;
using LifecycleActors.Storage.Relational;

namespace LifecycleActors.Storage.Erasure;

/// <summary>The tombstone tables, as the log's appends, the customers and the erasure jobs read them (ADR 0016).</summary>
internal static class Tombstones
{
    private const int HashesPerStatement = 500;

    /// <summary>Every tenant's tombstone salt (a tenant has one from its first erasure on; most have none).</summary>
    public static async Task<Dictionary<string, byte[]>> ReadSaltsAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.Command("SELECT tenant, salt FROM tombstone_salts", transaction);
        var rows = await command.ReadListAsync(r => (Tenant: r.GetString(0), Salt: (byte[])r.GetValue(1)), cancellationToken);
        return rows.ToDictionary(r => r.Tenant, r => r.Salt, StringComparer.Ordinal);
    }

    /// <summary>The tenant's salt, or null before its first erasure.</summary>
    public static async Task<byte[]?> ReadSaltAsync(DbConnection connection, DbTransaction? transaction, string tenant, CancellationToken cancellationToken)
    {
        await using var command = connection.Command("SELECT salt FROM tombstone_salts WHERE tenant = @tenant", transaction);
        command.Add("@tenant", tenant, DbType.String);
        var rows = await command.ReadListAsync(r => (byte[])r.GetValue(0), cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>Of the given hashes, those with a tombstone in the tenant, with the instant (UTC ticks) their past ends.</summary>
    public static async Task<Dictionary<string, long>> ErasedBeforeAsync(
        DbConnection connection, DbTransaction? transaction, string tenant, IReadOnlyCollection<string> hashes, CancellationToken cancellationToken)
    {
        var erased = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var chunk in hashes.Chunk(HashesPerStatement))
        {
            await using var command = connection.Command("", transaction);
            command.CommandText = $"SELECT id_hash, erased_before FROM erased_ids WHERE tenant = @tenant AND id_hash IN ({command.AddList(chunk, "@h")})";
            command.Add("@tenant", tenant, DbType.String);

            foreach (var (hash, before) in await command.ReadListAsync(r => (r.GetString(0), r.GetInt64(1)), cancellationToken))
            {
                erased[hash] = before;
            }
        }

        return erased;
    }
}
