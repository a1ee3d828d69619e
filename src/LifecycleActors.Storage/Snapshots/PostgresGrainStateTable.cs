using Npgsql;
using NpgsqlTypes;

namespace LifecycleActors.Storage.Snapshots;

/// <summary>
/// <see cref="IGrainStateTable"/> on PostgreSQL: one statement per batch, the keys (and payloads and versions) as
/// arrays, so the statement text never changes and stays prepared. Give it a data source whose statements are
/// planned for each batch (<see cref="Postgres.PostgresDatabase.PlannedPerExecution"/>).
/// </summary>
public sealed class PostgresGrainStateTable(NpgsqlDataSource dataSource, string serviceId) : IGrainStateTable
{
    public async Task<IReadOnlyList<StoredGrainState?>> ReadAsync(string stateName, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        // Each key is looked up by itself (LATERAL ... LIMIT 1: the look-up cannot be turned into a join). A join
        // left to the planner walked the whole table per batch while its statistics lagged its growth (it grows from
        // empty faster than autovacuum analyses it), and a condition on all keys at once was applied as a filter.
        await using var command = dataSource.CreateCommand("""
            SELECT k.n, g.payload, g.version
            FROM unnest(@keys) WITH ORDINALITY AS k(key_text, n)
            CROSS JOIN LATERAL (
                SELECT payload, version FROM grain_state
                WHERE service_id = @service AND state_name = @state AND key_n0 = 0 AND key_n1 = 0 AND key_text = k.key_text
                LIMIT 1) g
            """);
        command.Parameters.Add(new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = keys.ToArray() });
        command.Parameters.Add(new NpgsqlParameter("service", NpgsqlDbType.Text) { Value = serviceId });
        command.Parameters.Add(new NpgsqlParameter("state", NpgsqlDbType.Text) { Value = stateName });
        var found = new StoredGrainState?[keys.Count];
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found[reader.GetInt64(0) - 1] = new StoredGrainState(reader.IsDBNull(1) ? null : (byte[])reader.GetValue(1), reader.GetInt32(2));
        }

        return found;
    }

    public async Task<IReadOnlyList<int?>> WriteAsync(string stateName, IReadOnlyList<GrainStateWrite> writes, CancellationToken cancellationToken)
    {
        // An update only where the version still matches; a row never read is inserted unless another activation did.
        // Each row to update is found by its own look-up, as in the read, and updated by its row id; a row another
        // writer changed meanwhile has a new row id and a new version, and stays as it is (a conflict), as before.
        await using var command = dataSource.CreateCommand("""
            WITH input AS (
                SELECT * FROM unnest(@keys, @payloads, @expected) WITH ORDINALITY AS i(key_text, payload, expected, n)
            ), targets AS (
                SELECT i.n, i.payload, i.expected, t.row_id
                FROM input i
                CROSS JOIN LATERAL (
                    SELECT s.ctid AS row_id FROM grain_state s
                    WHERE s.service_id = @service AND s.state_name = @state AND s.key_n0 = 0 AND s.key_n1 = 0 AND s.key_text = i.key_text
                    LIMIT 1) t
                WHERE i.expected IS NOT NULL
            ), updated AS (
                UPDATE grain_state g SET payload = t.payload, version = g.version + 1, updated_at = now()
                FROM targets t
                WHERE g.ctid = t.row_id AND g.version = t.expected
                RETURNING t.n, g.version
            ), inserted AS (
                INSERT INTO grain_state (service_id, state_name, key_n0, key_n1, key_text, payload, version, updated_at)
                SELECT @service, @state, 0, 0, i.key_text, i.payload, 1, now() FROM input i WHERE i.expected IS NULL
                ON CONFLICT DO NOTHING
                RETURNING key_text, version
            )
            SELECT n, version FROM updated
            UNION ALL
            SELECT i.n, ins.version FROM inserted ins JOIN input i ON i.key_text = ins.key_text
            """);
        command.Parameters.Add(new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = writes.Select(w => w.Key).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("payloads", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = writes.Select(w => w.Payload).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("expected", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = writes.Select(w => w.ExpectedVersion).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("service", NpgsqlDbType.Text) { Value = serviceId });
        command.Parameters.Add(new NpgsqlParameter("state", NpgsqlDbType.Text) { Value = stateName });
        var versions = new int?[writes.Count];
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            versions[reader.GetInt64(0) - 1] = reader.GetInt32(1);
        }

        return versions;
    }

    public async Task<int?> ClearAsync(string stateName, string key, int expectedVersion, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE grain_state SET payload = NULL, version = version + 1, updated_at = now()
            WHERE service_id = @service AND state_name = @state AND key_n0 = 0 AND key_n1 = 0 AND key_text = @key AND version = @expected
            RETURNING version
            """);
        command.Parameters.Add(new NpgsqlParameter("service", NpgsqlDbType.Text) { Value = serviceId });
        command.Parameters.Add(new NpgsqlParameter("state", NpgsqlDbType.Text) { Value = stateName });
        command.Parameters.Add(new NpgsqlParameter("key", NpgsqlDbType.Text) { Value = key });
        command.Parameters.Add(new NpgsqlParameter("expected", NpgsqlDbType.Integer) { Value = expectedVersion });
        return await command.ExecuteScalarAsync(cancellationToken) is int version ? version : null;
    }
}
