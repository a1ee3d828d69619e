using LifecycleActors.Storage.Postgres;
using LifecycleActors.Storage.Schema;
using LifecycleActors.Tests.Shared;
using Npgsql;

namespace LifecycleActors.Storage.Tests;

public sealed class PostgresSchemaTests(TestPostgres server)
{
    /// <summary>The statements Orleans 10's ADO.NET clustering, grain storage and reminder providers load by key.</summary>
    private static readonly string[] OrleansQueryKeys =
    [
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey",
        "InsertMembershipKey", "InsertMembershipVersionKey", "MembershipReadAllKey", "MembershipReadRowKey", "UpdateIAmAlivetimeKey",
        "UpdateMembershipKey", "ClearStorageKey", "ReadFromStorageKey", "WriteToStorageKey", "DeleteReminderRowKey",
        "DeleteReminderRowsKey", "ReadRangeRows1Key", "ReadRangeRows2Key", "ReadReminderRowKey", "ReadReminderRowsKey",
        "UpsertReminderRowKey",
    ];

    [Fact]
    public async Task Silos_starting_at_once_apply_each_migration_exactly_once()
    {
        var connectionString = await server.CreateDatabaseAsync();

        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => PostgresDatabase.MigrateAsync(connectionString, TestContext.Current.CancellationToken)));

        Assert.Equal(
            SchemaMigrator.Available(PostgresDatabase.Migrations).Select(m => m.Version),
            runs.SelectMany(applied => applied).Select(m => m.Version).Order());
        Assert.Empty(await PostgresDatabase.MigrateAsync(connectionString, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Every_query_the_orleans_providers_load_is_in_the_catalogue()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await PostgresDatabase.MigrateAsync(connectionString, TestContext.Current.CancellationToken);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT QueryKey FROM OrleansQuery", connection);
        var keys = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken))
        {
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                keys.Add(reader.GetString(0));
            }
        }

        Assert.Equal(OrleansQueryKeys.Order(), keys.Order());
    }

    [Theory]
    [InlineData(null, "ConnectionStrings:Lifecycle: required when Storage:Provider is 'postgres'")]
    [InlineData("Host=db;Port=five", "ConnectionStrings:Lifecycle: not a valid PostgreSQL (Npgsql) connection string")]
    [InlineData("Database=lifecycle", "ConnectionStrings:Lifecycle: the PostgreSQL connection string names no Host")]
    public void A_missing_or_invalid_connection_string_is_refused_naming_the_key(string? connectionString, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() => PostgresDatabase.ValidateConnectionString(connectionString));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batched_key_lookups_are_planned_for_each_execution_and_keep_the_options_given()
    {
        var given = new NpgsqlConnectionStringBuilder(await server.CreateDatabaseAsync()) { Options = "-c statement_timeout=12345" };
        await using var lookups = NpgsqlDataSource.Create(PostgresDatabase.PlannedPerExecution(PostgresDatabase.ValidateConnectionString(given.ConnectionString)));
        await using var connection = await lookups.OpenConnectionAsync(TestContext.Current.CancellationToken);

        async Task<string?> Show(string setting)
        {
            await using var command = new NpgsqlCommand($"SHOW {setting}", connection);
            return (string?)await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal("force_custom_plan", await Show("plan_cache_mode"));
        Assert.Equal("12345ms", await Show("statement_timeout"));
        Assert.Equal("off", await Show("jit"));
    }

    [Theory]
    [InlineData(null, "off")]
    [InlineData("-c jit=on", "on")]
    public async Task Sessions_compile_no_statements_unless_the_connection_string_asks_for_it(string? options, string expected)
    {
        var given = new NpgsqlConnectionStringBuilder(await server.CreateDatabaseAsync()) { Options = options };
        await using var connection = new NpgsqlConnection(PostgresDatabase.ValidateConnectionString(given.ConnectionString));
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SHOW jit", connection);

        Assert.Equal(expected, (string?)await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task An_unreachable_server_is_reported_with_the_key_to_fix()
    {
        var unreachable = PostgresDatabase.ValidateConnectionString("Host=127.0.0.1;Port=1;Database=lifecycle;Username=lifecycle;Timeout=2");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresDatabase.MigrateAsync(unreachable, TestContext.Current.CancellationToken));

        Assert.StartsWith("Storage: cannot connect to postgres 127.0.0.1:1/lifecycle (ConnectionStrings:Lifecycle)", error.Message, StringComparison.Ordinal);
    }
}
