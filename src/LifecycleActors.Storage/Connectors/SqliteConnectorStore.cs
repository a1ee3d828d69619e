namespace LifecycleActors.Storage.Connectors;

/// <summary>The connector tables in the SQLite read-model file.</summary>
public sealed class SqliteConnectorStore(string connectionString, TimeProvider? time = null)
    : RelationalConnectorStore(new SqliteDataSource(connectionString), time);
