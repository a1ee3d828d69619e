using System.Data.Common;
using System.Reflection;

namespace LifecycleActors.Storage.Schema;

/// <summary>
/// Applies the numbered SQL migrations shipped in this assembly (<c>Migrations/Sqlite/&lt;database&gt;/NNNN_name.sql</c>,
/// <c>Migrations/Postgres/NNNN_name.sql</c>) that the database has not recorded yet, each in its own transaction
/// together with its row in <c>schema_version</c>. The SQL is plain and portable; a caller whose database other
/// processes may migrate at the same time holds a lock around the call (<see cref="Postgres.PostgresDatabase"/>).
/// </summary>
public static class SchemaMigrator
{
    public static IReadOnlyList<Migration> Available(string provider)
    {
        var prefix = $"migrations/{provider}/";
        var assembly = typeof(SchemaMigrator).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => Migration.From(name[prefix.Length..], Read(assembly, name)))
            .OrderBy(m => m.Version)
            .ToList();
    }

    /// <summary>Returns the migrations applied now (empty when the schema was current).</summary>
    public static async Task<IReadOnlyList<Migration>> MigrateAsync(DbConnection connection, string provider, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, null, """
            CREATE TABLE IF NOT EXISTS schema_version (
                version     INTEGER PRIMARY KEY,
                name        TEXT    NOT NULL,
                applied_at  TEXT    NOT NULL
            )
            """, cancellationToken);

        var applied = new HashSet<int>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT version FROM schema_version";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        var done = new List<Migration>();
        foreach (var migration in Available(provider).Where(m => !applied.Contains(m.Version)))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
            await using (var record = connection.CreateCommand())
            {
                record.Transaction = transaction;
                record.CommandText = "INSERT INTO schema_version (version, name, applied_at) VALUES (@version, @name, @at)";
                AddParameter(record, "@version", migration.Version);
                AddParameter(record, "@name", migration.Name);
                AddParameter(record, "@at", DateTimeOffset.UtcNow.ToString("O"));
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            done.Add(migration);
        }

        return done;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

/// <summary>One numbered schema change.</summary>
public sealed record Migration(int Version, string Name, string Sql)
{
    public static Migration From(string fileName, string sql)
    {
        var underscore = fileName.IndexOf('_', StringComparison.Ordinal);
        if (underscore <= 0 || !int.TryParse(fileName[..underscore], out var version))
        {
            throw new InvalidOperationException($"migration file '{fileName}' must be named NNNN_name.sql");
        }

        return new Migration(version, Path.GetFileNameWithoutExtension(fileName[(underscore + 1)..]), sql);
    }
}
