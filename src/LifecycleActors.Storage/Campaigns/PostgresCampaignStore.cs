using Npgsql;

namespace LifecycleActors.Storage.Campaigns;

/// <summary>The campaign tables on PostgreSQL, in the database of the event log.</summary>
public sealed class PostgresCampaignStore(NpgsqlDataSource dataSource) : RelationalCampaignStore(dataSource);
