using LifecycleActors.Grains;
using LifecycleActors.Silo.Api;
using LifecycleActors.Storage;
using LifecycleActors.Storage.Schema;
using LifecycleActors.Storage.Snapshots;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;

namespace LifecycleActors.Silo.Hosting;

/// <summary>
/// Where a silo keeps its data (<c>Storage:Provider</c>): the event log, the read model, grain state and, on
/// PostgreSQL, the cluster's membership and reminders.
/// </summary>
public abstract class StorageBackend
{
    /// <summary>What the startup log says about the storage (no secrets).</summary>
    public abstract string Description { get; }

    public static StorageBackend From(StorageOptions options) => options.Provider switch
    {
        StorageOptions.Postgres => new PostgresBackend(options.ConnectionString!),
        _ => new SqliteBackend(SqliteFiles.From(options.ResolveSqliteConnectionString())),
    };

    /// <summary>Creates or upgrades the schema; returns the migrations applied now.</summary>
    public abstract Task<IReadOnlyList<Migration>> MigrateAsync(CancellationToken cancellationToken = default);

    /// <summary>Registers the event log, the read model and its writer.</summary>
    public abstract void AddStorageServices(IServiceCollection services, StorageOptions options);

    /// <summary>How the silo finds the others: alone on loopback (SQLite), or through the membership table (PostgreSQL).</summary>
    public abstract void ConfigureClustering(ISiloBuilder silo, WiringSettings settings);

    /// <summary>How a client (the standalone dashboard) finds the cluster's gateways.</summary>
    public abstract void ConfigureClientClustering(IClientBuilder client, WiringSettings settings);

    /// <summary>
    /// The grain storage <see cref="LifecycleSiloConfiguration.GrainStorage"/>, the customers' <see cref="CustomerGrainState.StorageName"/>
    /// (and, where there are any, reminders).
    /// </summary>
    public abstract void ConfigureGrainStorage(ISiloBuilder silo);

    /// <summary>
    /// The customers' snapshots (<see cref="CustomerGrainState.StorageName"/>): the same table and JSON as the grain
    /// storage, read and written in batches.
    /// </summary>
    private protected static void AddCustomerStorage(ISiloBuilder silo, Func<IServiceProvider, IGrainStateTable> table, int writesInFlight) =>
        silo.Services.AddGrainStorage(CustomerGrainState.StorageName, (services, _) => new BatchedGrainStorage(
            table(services),
            new SystemTextJsonGrainStorageSerializer(services.GetRequiredService<IOptions<SystemTextJsonGrainStorageSerializerOptions>>()),
            readsInFlight: 4,
            writesInFlight,
            services.GetService<StorageOutage>()));

    /// <summary>Snapshots through Orleans' ADO.NET grain storage, serialised as JSON.</summary>
    private protected static void AddAdoNetGrainStorage(ISiloBuilder silo, Action<AdoNetGrainStorageOptions> connect) =>
        silo.AddAdoNetGrainStorage(LifecycleSiloConfiguration.GrainStorage, (OptionsBuilder<AdoNetGrainStorageOptions> options) => options.Configure<IServiceProvider>((o, services) =>
        {
            connect(o);
            o.GrainStorageSerializer = new SystemTextJsonGrainStorageSerializer(
                services.GetRequiredService<IOptions<SystemTextJsonGrainStorageSerializerOptions>>());
        }));
}
