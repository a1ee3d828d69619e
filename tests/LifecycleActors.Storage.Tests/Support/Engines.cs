using LifecycleActors.Storage.Erasure;
using LifecycleActors.Storage.EventLog;
using LifecycleActors.Storage.Postgres;
using LifecycleActors.Storage.ReadModel;
using LifecycleActors.Storage.Snapshots;
using LifecycleActors.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LifecycleActors.Storage.Tests.Support;

/// <summary>SQLite: the three files in a temporary directory.</summary>
public sealed class SqliteEngine : IStorageEngine
{
    public async Task<StorageUnderTest> CreateAsync()
    {
        var directory = Directory.CreateTempSubdirectory("lifecycle-storage-test-").FullName;
        var files = SqliteFiles.From($"Data Source={Path.Combine(directory, "lifecycle.db")};Pooling=False");
        await SqliteDatabase.MigrateAsync(files);
        return new StorageUnderTest(
            new SqliteEventLog(files.Log, 8000, TimeProvider.System, NullLogger<SqliteEventLog>.Instance),
            new SqliteReadModel(files.ReadModel, files.Log),
            new SqliteReadModelWriter(files.ReadModel, NullLogger<SqliteReadModelWriter>.Instance),
            new SqliteErasureStore(files),
            new SqliteGrainStateTable(new SqliteDataSource(files.Grains), GrainStateTableContract.ServiceId),
            () => new SqliteReadModel(files.ReadModel, files.Log),
            () =>
            {
                Directory.Delete(directory, recursive: true);
                return ValueTask.CompletedTask;
            });
    }
}

/// <summary>PostgreSQL: a new database on the test server.</summary>
public sealed class PostgresEngine(TestPostgres server) : IStorageEngine
{
    public async Task<StorageUnderTest> CreateAsync()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await PostgresDatabase.MigrateAsync(connectionString);
        var dataSource = NpgsqlDataSource.Create(connectionString);
        return new StorageUnderTest(
            Log(dataSource),
            new PostgresReadModel(dataSource),
            new PostgresReadModelWriter(dataSource, NullLogger<PostgresReadModelWriter>.Instance),
            new PostgresErasureStore(dataSource),
            new PostgresGrainStateTable(dataSource, GrainStateTableContract.ServiceId),
            () => new PostgresReadModel(dataSource),
            dataSource.DisposeAsync);
    }

    /// <summary>An event log as one silo has it; several over one database are several silos.</summary>
    public static PostgresEventLog Log(NpgsqlDataSource dataSource) =>
        new(dataSource, dataSource, 8000, TimeProvider.System, NullLogger<PostgresEventLog>.Instance);
}
