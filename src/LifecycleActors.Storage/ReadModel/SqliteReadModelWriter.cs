using LifecycleActors.Telemetry;
using Microsoft.Extensions.Logging;

namespace LifecycleActors.Storage.ReadModel;

/// <summary>The read model writer on SQLite: its own file, <c>synchronous = NORMAL</c> (it can be rebuilt from the log).</summary>
public sealed class SqliteReadModelWriter(string connectionString, ILogger<SqliteReadModelWriter> logger, ReadModelMetrics? metrics = null)
    : RelationalReadModelWriter(new SqliteDataSource(connectionString), logger, metrics)
{
    private protected override string Greatest => "max";
}
