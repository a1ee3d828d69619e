using LifecycleActors.Storage.ReadModel;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LifecycleActors.Storage.Postgres;

/// <summary>
/// The read model writer on PostgreSQL: every silo writes the rows of the customers whose grains it hosts into
/// the one shared projection.
/// </summary>
public sealed class PostgresReadModelWriter(NpgsqlDataSource dataSource, ILogger<PostgresReadModelWriter> logger)
    : RelationalReadModelWriter(dataSource, logger)
{
    private protected override string Greatest => "greatest";
}
