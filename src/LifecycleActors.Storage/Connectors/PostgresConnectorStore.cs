using Npgsql;

namespace LifecycleActors.Storage.Connectors;

/// <summary>The connector tables on PostgreSQL, in the database of the event log.</summary>
public sealed class PostgresConnectorStore(NpgsqlDataSource dataSource, TimeProvider? time = null) : RelationalConnectorStore(dataSource, time);
