using System.Data.Common;

namespace LifecycleActors.Storage.Campaigns;

/// <summary>The campaign tables in the SQLite read-model file; orders are read from the attached event log.</summary>
public sealed class SqliteCampaignStore(string connectionString, string logConnectionString)
    : RelationalCampaignStore(new SqliteDataSource(connectionString))
{
    private protected override string LogTable => SqliteLogAttachment.LogTable;

    private protected override Task<DbConnection> OpenWithLogAsync(CancellationToken cancellationToken) =>
        SqliteLogAttachment.OpenAsync(connectionString, logConnectionString, cancellationToken);
}
