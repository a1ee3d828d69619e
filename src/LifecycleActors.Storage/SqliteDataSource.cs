using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace LifecycleActors.Storage;

/// <summary>
/// SQLite connections with a chosen <c>synchronous</c> level. Snapshots and the read model can be rebuilt from the
/// event log, so their commits need not wait for the disk (<c>NORMAL</c> in WAL mode still survives a process
/// crash); only the event log writer commits with <c>FULL</c>. A null level leaves the connection as opened (readers).
/// </summary>
public sealed class SqliteDataSource(string connectionString, string? synchronous = "NORMAL") : DbDataSource
{
    public override string ConnectionString => connectionString;

    protected override DbConnection CreateDbConnection() => new TunedConnection(connectionString, synchronous);

    private sealed class TunedConnection(string connectionString, string? synchronous) : SqliteConnection(connectionString)
    {
        public override void Open()
        {
            base.Open();
            Tune();
        }

        public override async Task OpenAsync(CancellationToken cancellationToken)
        {
            await base.OpenAsync(cancellationToken);
            Tune();
        }

        private void Tune()
        {
            if (synchronous is null)
            {
                return;
            }

            using var command = CreateCommand();
            command.CommandText = $"PRAGMA synchronous = {synchronous}";
            command.ExecuteNonQuery();
        }
    }
}
