using LifecycleActors.Storage.ReadModel;
using Npgsql;

namespace LifecycleActors.Storage.Postgres;

/// <summary>Read model queries on PostgreSQL: the event log and the projection share one database.</summary>
public sealed class PostgresReadModel(NpgsqlDataSource dataSource) : RelationalReadModel(dataSource);
