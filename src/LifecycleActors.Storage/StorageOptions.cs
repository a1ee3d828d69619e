namespace LifecycleActors.Storage;

/// <summary>Where the service keeps its data (contract §7, <c>Storage</c> and <c>ConnectionStrings:Lifecycle</c>).</summary>
public sealed class StorageOptions
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary><c>sqlite</c> (default) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>
    /// The connection string; for SQLite, defaults to <c>data/lifecycle.db</c> under the working directory; for
    /// PostgreSQL, required (Npgsql syntax).
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The largest number of events written in one transaction of the event log writer.</summary>
    public int MaxEventsPerCommit { get; set; } = 8000;

    public string ResolveSqliteConnectionString()
    {
        if (!string.IsNullOrWhiteSpace(ConnectionString))
        {
            return ConnectionString;
        }

        var directory = Path.Combine(Directory.GetCurrentDirectory(), "data");
        Directory.CreateDirectory(directory);
        return $"Data Source={Path.Combine(directory, "lifecycle.db")};Pooling=True;Default Timeout=30";
    }
}
