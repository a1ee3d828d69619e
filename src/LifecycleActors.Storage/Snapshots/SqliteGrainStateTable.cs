using System.Data;
using System.Data.Common;
using System.Text.Json;
using LifecycleActors.Storage.Relational;

namespace LifecycleActors.Storage.Snapshots;

/// <summary>
/// <see cref="IGrainStateTable"/> on the SQLite grains file: a batch of reads is one statement (the keys as a JSON
/// array), a batch of writes one transaction of prepared statements.
/// </summary>
public sealed class SqliteGrainStateTable(DbDataSource dataSource, string serviceId) : IGrainStateTable
{
    private const string Now = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

    public async Task<IReadOnlyList<StoredGrainState?>> ReadAsync(string stateName, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);

        // IN over the JSON array: SQLite then looks each key up in the primary key (a join would scan the table).
        await using var command = connection.Command("""
            SELECT key_text, payload, version
            FROM grain_state
            WHERE service_id = @service AND state_name = @state AND key_n0 = 0 AND key_n1 = 0
              AND key_text IN (SELECT value FROM json_each(@keys))
            """);
        command.Add("@keys", JsonSerializer.Serialize(keys), DbType.String);
        command.Add("@service", serviceId, DbType.String);
        command.Add("@state", stateName, DbType.String);
        var rows = new Dictionary<string, StoredGrainState>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows[reader.GetString(0)] = new StoredGrainState(reader.IsDBNull(1) ? null : (byte[])reader.GetValue(1), reader.GetInt32(2));
            }
        }

        return [.. keys.Select(k => rows.GetValueOrDefault(k))];
    }

    public async Task<IReadOnlyList<int?>> WriteAsync(string stateName, IReadOnlyList<GrainStateWrite> writes, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var update = connection.Command($"""
            UPDATE grain_state SET payload = @payload, version = version + 1, updated_at = {Now}
            WHERE service_id = @service AND state_name = @state AND key_n0 = 0 AND key_n1 = 0 AND key_text = @key AND version = @expected
            RETURNING version
            """, transaction);
        await using var insert = connection.Command($"""
            INSERT INTO grain_state (service_id, state_name, key_n0, key_n1, key_text, payload, version, updated_at)
            VALUES (@service, @state, 0, 0, @key, @payload, 1, {Now})
            ON CONFLICT DO NOTHING
            RETURNING version
            """, transaction);
        foreach (var command in new[] { update, insert })
        {
            command.Add("@service", serviceId, DbType.String);
            command.Add("@state", stateName, DbType.String);
        }

        var (updateKey, updatePayload, expected) = (update.Add("@key", null, DbType.String), update.Add("@payload", null, DbType.Binary), update.Add("@expected", null, DbType.Int32));
        var (insertKey, insertPayload) = (insert.Add("@key", null, DbType.String), insert.Add("@payload", null, DbType.Binary));
        var versions = new int?[writes.Count];
        for (var i = 0; i < writes.Count; i++)
        {
            var write = writes[i];
            DbCommand command;
            if (write.ExpectedVersion is { } version)
            {
                (updateKey.Value, updatePayload.Value, expected.Value, command) = (write.Key, write.Payload, version, update);
            }
            else
            {
                (insertKey.Value, insertPayload.Value, command) = (write.Key, write.Payload, insert);
            }

            versions[i] = await command.ExecuteScalarAsync(cancellationToken) is long written ? (int)written : null;
        }

        await transaction.CommitAsync(cancellationToken);
        return versions;
    }

    public async Task<int?> ClearAsync(string stateName, string key, int expectedVersion, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command($"""
            UPDATE grain_state SET payload = NULL, version = version + 1, updated_at = {Now}
            WHERE service_id = @service AND state_name = @state AND key_n0 = 0 AND key_n1 = 0 AND key_text = @key AND version = @expected
            RETURNING version
            """);
        command.Add("@service", serviceId, DbType.String);
        command.Add("@state", stateName, DbType.String);
        command.Add("@key", key, DbType.String);
        command.Add("@expected", expectedVersion, DbType.Int32);
        return await command.ExecuteScalarAsync(cancellationToken) is long version ? (int)version : null;
    }
}
