using LifecycleActors.Storage;
using LifecycleActors.Storage.Campaigns;
using LifecycleActors.Storage.Connectors;
using LifecycleActors.Storage.Erasure;
using LifecycleActors.Storage.EventLog;
using LifecycleActors.Storage.Kpis;
using LifecycleActors.Storage.ReadModel;
using LifecycleActors.Storage.Retention;
using LifecycleActors.Storage.Schema;
using LifecycleActors.Storage.Snapshots;
using LifecycleActors.Telemetry;

namespace LifecycleActors.Silo.Hosting;

/// <summary>A single silo on three SQLite files: the event log, the read model and the grain snapshots.</summary>
public sealed class SqliteBackend(SqliteFiles files) : StorageBackend
{
    public SqliteFiles Files => files;

    public override string Description => SqliteFiles.PathOf(files.Log);

    public override Task<IReadOnlyList<Migration>> MigrateAsync(CancellationToken cancellationToken = default) =>
        SqliteDatabase.MigrateAsync(files, cancellationToken);

    public override void AddStorageServices(IServiceCollection services, StorageOptions options)
    {
        services.AddSingleton<IEventLog>(sp => new SqliteEventLog(
            files.Log, options.MaxEventsPerCommit, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<SqliteEventLog>>()));
        services.AddSingleton<IReadModelWriter>(sp => new SqliteReadModelWriter(
            files.ReadModel, sp.GetRequiredService<ILogger<SqliteReadModelWriter>>(), sp.GetService<ReadModelMetrics>()));
        var readModel = new SqliteReadModel(files.ReadModel, files.Log);
        services.AddSingleton<IReadModel>(readModel);
        services.AddSingleton<IKpiStore>(readModel);
        services.AddSingleton<ILogRetention>(readModel);
        services.AddSingleton<ICampaignStore>(new SqliteCampaignStore(files.ReadModel, files.Log));
        services.AddSingleton<IConnectorStore>(sp => new SqliteConnectorStore(files.ReadModel, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IStorageWriteProbe>(new SqliteWriteProbe(files));
        services.AddSingleton<IErasureStore>(new SqliteErasureStore(files));
    }

    public override void ConfigureClustering(ISiloBuilder silo, WiringSettings settings) =>
        silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort, serviceId: LifecycleSiloConfiguration.ServiceId, clusterId: LifecycleSiloConfiguration.ClusterId);

    public override void ConfigureClientClustering(IClientBuilder client, WiringSettings settings) =>
        client.UseLocalhostClustering(settings.GatewayPort, LifecycleSiloConfiguration.ServiceId, LifecycleSiloConfiguration.ClusterId);

    public override void ConfigureGrainStorage(ISiloBuilder silo)
    {
        AddAdoNetGrainStorage(silo, o =>
        {
            // Orleans maps this invariant to Microsoft.Data.Sqlite.
            o.Invariant = "System.Data.SQLite";
            o.DataSource = new SqliteDataSource(files.Grains);
        });

        // SQLite has one writer per file: one write transaction at a time, each carrying every snapshot waiting.
        AddCustomerStorage(silo, _ => new SqliteGrainStateTable(new SqliteDataSource(files.Grains), LifecycleSiloConfiguration.ServiceId), writesInFlight: 1);
    }
}
