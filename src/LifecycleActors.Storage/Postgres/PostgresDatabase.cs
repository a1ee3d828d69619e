using System.Data;
using LifecycleActors.Storage.Relational;
using LifecycleActors.Storage.Schema;
using Npgsql;

namespace LifecycleActors.Storage.Postgres;

/// <summary>The one PostgreSQL database of a cluster: its connection string and its schema.</summary>
public static class PostgresDatabase
{
    /// <summary>The migrations folder (embedded as <c>migrations/Postgres/NNNN_name.sql</c>).</summary>
    public const string Migrations = "postgres";

    /// <summary>How many statements each connection keeps prepared when the connection string does not say.</summary>
    public const int AutoPreparedStatements = 64;

    /// <summary>The key of the data source for batched key look-ups (<see cref="PlannedPerExecution"/>).</summary>
    public const string KeyLookups = "postgres-key-lookups";

    private const string PlanEachExecution = "-c plan_cache_mode=force_custom_plan";

    private const string NoJit = "-c jit=off";

    /// <summary>
    /// Checks the configured connection string and returns it with the session time zone set to UTC (the Orleans
    /// tables store instants; the service's own tables store UTC ticks) and, unless set, statements used again and
    /// again prepared automatically on each connection (the per-customer reads, the log and read-model writes: no
    /// parse and plan per call), and, unless the options name <c>jit</c>, no JIT compilation: the service's statements
    /// are short or read every row once, and compiling one cost more than running it (the agents' counts over 100 000
    /// customers: about 0.9 s of compiling for 0.4 s of work, every few seconds). Errors name the configuration key.
    /// </summary>
    public static string ValidateConnectionString(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                "ConnectionStrings:Lifecycle: required when Storage:Provider is 'postgres'; give an Npgsql connection string such as " +
                "'Host=db.example;Port=5432;Database=lifecycle;Username=lifecycle;Password=...'");
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"ConnectionStrings:Lifecycle: not a valid PostgreSQL (Npgsql) connection string: {ex.Message}", ex);
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new InvalidOperationException("ConnectionStrings:Lifecycle: the PostgreSQL connection string names no Host");
        }

        builder.Timezone ??= "UTC";
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = AutoPreparedStatements;
        }

        if (builder.Options?.Contains("jit", StringComparison.OrdinalIgnoreCase) != true)
        {
            builder.Options = WithOption(builder.Options, NoJit);
        }

        return builder.ConnectionString;
    }

    /// <summary>
    /// The connection string for the statements that look up a batch of keys at once (an array expanded by
    /// <c>unnest</c> and joined to a table: snapshots, customers' log entries): PostgreSQL plans them for each
    /// execution rather than once per connection. Their best plan depends on how many keys a batch carries and how
    /// large the table has grown; a plan kept from when the table was small (a hash join over a scan of the whole
    /// table) went on scanning it as it grew, which a profile showed at 2 000 pages read per snapshot looked up.
    /// </summary>
    public static string PlannedPerExecution(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.Options = WithOption(builder.Options, PlanEachExecution);
        return builder.ConnectionString;
    }

    private static string WithOption(string? options, string option) => string.IsNullOrWhiteSpace(options) ? option : $"{options} {option}";

    /// <summary>"host:port/database", for logs and errors (never the password).</summary>
    public static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"postgres {builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}";
    }

    /// <summary>
    /// Applies the migrations the database has not recorded yet. Safe when several silos start at once: each
    /// migrates under a session advisory lock, so the second finds the first one's work recorded.
    /// </summary>
    public static async Task<IReadOnlyList<Migration>> MigrateAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            throw new InvalidOperationException($"Storage: cannot connect to {Describe(connectionString)} (ConnectionStrings:Lifecycle): {ex.Message}", ex);
        }

        await AdvisoryLockAsync(connection, "pg_advisory_lock", cancellationToken);
        try
        {
            return await SchemaMigrator.MigrateAsync(connection, Migrations, cancellationToken);
        }
        finally
        {
            await AdvisoryLockAsync(connection, "pg_advisory_unlock", CancellationToken.None);
        }
    }

    private static async Task AdvisoryLockAsync(NpgsqlConnection connection, string function, CancellationToken cancellationToken)
    {
        await using var command = connection.Command($"SELECT {function}(@class, @migration)");
        command.Add("@class", PostgresLocks.Class, DbType.Int32);
        command.Add("@migration", PostgresLocks.SchemaMigration, DbType.Int32);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
