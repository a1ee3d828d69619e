using Npgsql;

namespace LifecycleActors.Harness.Hosting;

/// <summary>Fresh PostgreSQL databases for a harness run, on a server it is given.</summary>
internal static class BenchDatabase
{
    /// <summary>Creates <c>{prefix}_{utc time}</c> on <paramref name="server"/> and returns its connection string.</summary>
    /// <param name="prefix">Lower-case letters and underscores only: a database name cannot be a parameter.</param>
    public static async Task<string> CreateAsync(string server, string prefix, int? maxPoolSize = null)
    {
        if (!prefix.All(c => c is (>= 'a' and <= 'z') or '_'))
        {
            throw new ArgumentException($"database prefix '{prefix}': lower-case letters and underscores only", nameof(prefix));
        }

        var name = $"{prefix}_{DateTime.UtcNow:yyyyMMddHHmmss}";
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var create = connection.CreateCommand();
        create.CommandText = $"CREATE DATABASE {name}";
        await create.ExecuteNonQueryAsync();
        var database = new NpgsqlConnectionStringBuilder(server) { Database = name };
        if (maxPoolSize is { } pool)
        {
            database.MaxPoolSize = pool;
        }

        return database.ConnectionString;
    }
}
