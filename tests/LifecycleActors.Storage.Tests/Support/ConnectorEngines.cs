using System.Data.Common;
using LifecycleActors.Storage.Connectors;
using LifecycleActors.Storage.Postgres;
using LifecycleActors.Tests.Shared;
using Npgsql;

namespace LifecycleActors.Storage.Tests.Support;

/// <summary>A connector store on a fresh, migrated database, and the means to open another one over it (another silo).</summary>
public sealed class ConnectorStoreUnderTest(DbDataSource database, Func<IConnectorStore> open, Func<ValueTask> cleanUp) : IAsyncDisposable
{
    public IConnectorStore Store { get; } = open();

    /// <summary>The database the store writes to, for looking at its tables.</summary>
    public DbDataSource Database => database;

    /// <summary>Another store over the same database, as a second silo has it.</summary>
    public IConnectorStore AnotherSilo() => open();

    public ValueTask DisposeAsync() => cleanUp();
}

/// <summary>A storage engine the connector store contract runs against.</summary>
public interface IConnectorStoreEngine
{
    Task<ConnectorStoreUnderTest> CreateAsync();
}

/// <summary>SQLite: the node's files in a temporary directory; the store is in the read-model file.</summary>
public sealed class SqliteConnectorEngine : IConnectorStoreEngine
{
    public async Task<ConnectorStoreUnderTest> CreateAsync()
    {
        var directory = Directory.CreateTempSubdirectory("lifecycle-connectors-test-").FullName;
        var files = SqliteFiles.From($"Data Source={Path.Combine(directory, "lifecycle.db")};Pooling=False");
        await SqliteDatabase.MigrateAsync(files);
        var database = new SqliteDataSource(files.ReadModel);
        return new ConnectorStoreUnderTest(database, () => new SqliteConnectorStore(files.ReadModel), () =>
        {
            Directory.Delete(directory, recursive: true);
            return ValueTask.CompletedTask;
        });
    }
}

/// <summary>PostgreSQL: a new database on the test server; each store (silo) has a data source of its own.</summary>
public sealed class PostgresConnectorEngine(TestPostgres server) : IConnectorStoreEngine
{
    public async Task<ConnectorStoreUnderTest> CreateAsync()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await PostgresDatabase.MigrateAsync(connectionString);
        var sources = new List<NpgsqlDataSource> { NpgsqlDataSource.Create(connectionString) };
        return new ConnectorStoreUnderTest(
            sources[0],
            () =>
            {
                var source = NpgsqlDataSource.Create(connectionString);
                sources.Add(source);
                return new PostgresConnectorStore(source);
            },
            async () =>
            {
                foreach (var source in sources)
                {
                    await source.DisposeAsync();
                }
            });
    }
}
