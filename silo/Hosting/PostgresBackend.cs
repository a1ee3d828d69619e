using LifecycleActors.Storage;
using LifecycleActors.Storage.Campaigns;
using LifecycleActors.Storage.Connectors;
using LifecycleActors.Storage.Erasure;
using LifecycleActors.Storage.EventLog;
using LifecycleActors.Storage.Kpis;
using LifecycleActors.Storage.Postgres;
using LifecycleActors.Storage.ReadModel;
using LifecycleActors.Storage.Retention;
using LifecycleActors.Storage.Schema;
using LifecycleActors.Storage.Snapshots;
using LifecycleActors.Telemetry;
using Npgsql;
using Orleans.Configuration;

namespace LifecycleActors.Silo.Hosting;

/// <summary>
/// Any number of silos on one PostgreSQL database: Orleans clustering, grain storage and reminders through the
/// ADO.NET providers (invariant <c>Npgsql</c>), and the service's own tables beside them.
/// </summary>
public sealed class PostgresBackend(string connectionString) : StorageBackend
{
    /// <summary>The ADO.NET invariant under which Orleans loads Npgsql.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>Orleans' failure detection (<c>ClusterMembershipOptions</c>: ProbeTimeout, NumMissedProbesLimit, …).</summary>
    public const string MembershipSection = "Orleans:Membership";

    /// <summary>
    /// How often a silo reads the membership table (Orleans' default: 60 s), unless <c>Orleans:Membership:TableRefreshTimeout</c>
    /// says otherwise. A silo declared dead while it stood still (paused, frozen) learns it at its next read and then
    /// ends itself; until then it still acknowledges events (the log is PostgreSQL's, not Orleans') and answers from
    /// its own activations. 10 s bounds that to 10 s, for one read of a small table per silo every 10 s.
    /// </summary>
    public static readonly TimeSpan MembershipTableRefresh = TimeSpan.FromSeconds(10);

    public override string Description => PostgresDatabase.Describe(connectionString);

    public override Task<IReadOnlyList<Migration>> MigrateAsync(CancellationToken cancellationToken = default) =>
        PostgresDatabase.MigrateAsync(connectionString, cancellationToken);

    public override void AddStorageServices(IServiceCollection services, StorageOptions options)
    {
        // Created by the container, so disposed with it after the writers that use it.
        services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.AddKeyedSingleton(PostgresDatabase.KeyLookups, (_, _) => NpgsqlDataSource.Create(PostgresDatabase.PlannedPerExecution(connectionString)));
        services.AddSingleton<IEventLog>(sp => new PostgresEventLog(
            sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredKeyedService<NpgsqlDataSource>(PostgresDatabase.KeyLookups), options.MaxEventsPerCommit, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<PostgresEventLog>>()));
        services.AddSingleton<IReadModelWriter>(sp => new PostgresReadModelWriter(
            sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<ILogger<PostgresReadModelWriter>>(), sp.GetService<ReadModelMetrics>()));
        services.AddSingleton(sp => new PostgresReadModel(sp.GetRequiredService<NpgsqlDataSource>()));
        services.AddSingleton<IReadModel>(sp => sp.GetRequiredService<PostgresReadModel>());
        services.AddSingleton<IKpiStore>(sp => sp.GetRequiredService<PostgresReadModel>());
        services.AddSingleton<ILogRetention>(sp => sp.GetRequiredService<PostgresReadModel>());
        services.AddSingleton<ICampaignStore>(sp => new PostgresCampaignStore(sp.GetRequiredService<NpgsqlDataSource>()));
        services.AddSingleton<IConnectorStore>(sp => new PostgresConnectorStore(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IErasureStore>(sp => new PostgresErasureStore(sp.GetRequiredService<NpgsqlDataSource>()));
    }

    public override void ConfigureClustering(ISiloBuilder silo, WiringSettings settings)
    {
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });
        silo.Configure<ClusterOptions>(NameCluster);

        // One activation per customer even while a silo is lost: the default directory loses the lost silo's share
        // of entries and may let a second activation start beside a live one (ADR 0021).
#pragma warning disable ORLEANSEXP003 // Orleans' strongly consistent directory, still marked for evaluation: ADR 0021.
        silo.AddDistributedGrainDirectory();
#pragma warning restore ORLEANSEXP003

        // How fast a silo that stops answering is declared dead and its customers move (README: production deployment).
        silo.Services.AddOptions<ClusterMembershipOptions>()
            .Configure(o => o.TableRefreshTimeout = MembershipTableRefresh)
            .BindConfiguration(MembershipSection);
        var advertised = settings.AdvertisedAddress;
        silo.ConfigureEndpoints(advertised, settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: !System.Net.IPAddress.IsLoopback(advertised));
    }

    public override void ConfigureClientClustering(IClientBuilder client, WiringSettings settings)
    {
        client.UseAdoNetClustering(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });
        client.Configure<ClusterOptions>(NameCluster);
    }

    public override void ConfigureGrainStorage(ISiloBuilder silo)
    {
        AddAdoNetGrainStorage(silo, o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });
        AddCustomerStorage(silo, services => new PostgresGrainStateTable(services.GetRequiredKeyedService<NpgsqlDataSource>(PostgresDatabase.KeyLookups), LifecycleSiloConfiguration.ServiceId), writesInFlight: 2);
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });
    }

    /// <summary>Silos and clients of one deployment share the cluster and service ids in the membership table.</summary>
    private static void NameCluster(ClusterOptions options)
    {
        options.ClusterId = LifecycleSiloConfiguration.ClusterId;
        options.ServiceId = LifecycleSiloConfiguration.ServiceId;
    }
}
