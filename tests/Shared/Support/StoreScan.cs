using System.Text;
using LifecycleActors.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace LifecycleActors.Tests.Support;

/// <summary>
/// Where a string is held, found by reading every column of every table of a silo's databases (not a list of tables
/// the erasure knows): as text, and as UTF-8 bytes inside binary columns such as the grain snapshots.
/// </summary>
internal static class StoreScan
{
    /// <summary>Needles per query: each is one condition, and SQLite refuses an expression deeper than 1000.</summary>
    private const int NeedlesPerQuery = 200;

    /// <summary>The "table.column" places of the three SQLite files that hold any of <paramref name="needles"/>.</summary>
    public static async Task<IReadOnlyList<string>> SqliteAsync(string connectionString, IReadOnlyList<string> needles)
    {
        var files = SqliteFiles.From(connectionString);
        var found = new List<string>();
        foreach (var file in (string[])[files.Log, files.ReadModel, files.Grains])
        {
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(file) { Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ConnectionString);
            await connection.OpenAsync();
            var columns = new List<(string Table, string Column)>();
            await using (var list = connection.CreateCommand())
            {
                list.CommandText = "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' ORDER BY m.name, p.cid";
                await using var reader = await list.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    columns.Add((reader.GetString(0), reader.GetString(1)));
                }
            }

            foreach (var (table, column) in columns)
            {
                foreach (var chunk in needles.Chunk(NeedlesPerQuery))
                {
                    await using var probe = connection.CreateCommand();
                    probe.CommandText = $"SELECT COUNT(*) FROM \"{table}\" WHERE {string.Join(" OR ", chunk.Select((_, i) => $"instr(CAST(\"{column}\" AS BLOB), @n{i}) > 0"))}";
                    for (var i = 0; i < chunk.Length; i++)
                    {
                        probe.Parameters.AddWithValue($"@n{i}", Encoding.UTF8.GetBytes(chunk[i]));
                    }

                    if ((long)(await probe.ExecuteScalarAsync())! > 0)
                    {
                        found.Add($"{table}.{column}");
                        break;
                    }
                }
            }
        }

        return found;
    }

    /// <summary>The "table.column" places of a PostgreSQL database that hold any of <paramref name="needles"/>.</summary>
    public static async Task<IReadOnlyList<string>> PostgresAsync(string connectionString, IReadOnlyList<string> needles)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var columns = new List<(string Table, string Column, string Type)>();
        await using (var list = new NpgsqlCommand(
            "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                columns.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        var found = new List<string>();
        foreach (var (table, column, type) in columns)
        {
            foreach (var chunk in needles.Chunk(NeedlesPerQuery))
            {
                var match = type == "bytea"
                    ? chunk.Select((_, i) => $"position(convert_to(@n{i}, 'UTF8') in \"{column}\") > 0")
                    : chunk.Select((_, i) => $"position(@n{i} in \"{column}\"::text) > 0");
                await using var probe = new NpgsqlCommand($"SELECT COUNT(*) FROM \"{table}\" WHERE {string.Join(" OR ", match)}", connection);
                for (var i = 0; i < chunk.Length; i++)
                {
                    probe.Parameters.AddWithValue($"n{i}", chunk[i]);
                }

                if ((long)(await probe.ExecuteScalarAsync())! > 0)
                {
                    found.Add($"{table}.{column}");
                    break;
                }
            }
        }

        return found;
    }
}
