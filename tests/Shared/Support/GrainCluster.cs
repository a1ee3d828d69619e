using LifecycleActors.Abstractions;
using LifecycleActors.Grains;
using LifecycleActors.Grains.Scheduling;
using LifecycleActors.Silo.Hosting;
using LifecycleActors.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.TestingHost;

namespace LifecycleActors.Tests.Support;

/// <summary>An Orleans TestingHost cluster of one silo with the service's grains, storage and streams on SQLite.</summary>
public class GrainCluster : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IServiceProvider Silo => Cluster.GetSiloServiceProvider();

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>The silo's SQLite files, for tests that look at what was committed.</summary>
    public SqliteFiles Files { get; private set; } = null!;

    public ICustomerGrain Customer(string tenant, string customerId) => Grains.GetGrain<ICustomerGrain>(CustomerKey.Of(tenant, customerId));

    /// <summary>
    /// Whatever holds the customer in memory leaves it (its snapshot written), so its next use loads it afresh: its
    /// ingest partition, with every customer it holds (ADR 0019), or the customer's own grain.
    /// </summary>
    public Task CustomerLeavesMemoryAsync(string tenant, string customerId)
    {
        var residency = Silo.GetRequiredService<IOptions<ResidencyOptions>>().Value;
        if (!residency.InPartition)
        {
            return Cluster.DeactivateAsync(Customer(tenant, customerId));
        }

        var partition = IngestPartitions.StreamKey(tenant, IngestPartitions.Of(customerId, residency.Partitions));
        return Cluster.DeactivateAsync(Grains.GetGrain<IIngestPartitionGrain>(partition));
    }

    /// <summary>Configuration of the silo (the keys of <c>appsettings.json</c>).</summary>
    protected virtual IReadOnlyDictionary<string, string?> Configuration { get; } = new Dictionary<string, string?>
    {
        ["Lifecycle:Snapshots:EveryEvents"] = "5",
    };

    /// <summary>Tenants whose scheduler the silo keeps running.</summary>
    protected virtual IReadOnlyCollection<string> ScheduledTenants { get; } = [];

    /// <summary>Registrations made before the service's own (a fake clock, say).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public async ValueTask InitializeAsync()
    {
        Files = SqliteFiles.From(_directory.SqliteConnectionString);
        var storage = new SqliteBackend(Files);
        await storage.MigrateAsync();
        var wiring = WiringSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(Configuration).Build());
        var tenants = new FixedTenants(ScheduledTenants);
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(Configuration));
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddLifecycleGrainStorage(storage);
            silo.Services.AddSingleton<ITenantList>(tenants);
            ConfigureServices(silo.Services);
            silo.Services.AddLifecycleServices(wiring, storage);
        });
        builder.ConfigureClient(client => client.AddMemoryStreams(StreamNames.Provider));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        _directory.Dispose();
        GC.SuppressFinalize(this);
    }

    private sealed class FixedTenants(IReadOnlyCollection<string> tenants) : ITenantList
    {
        public IReadOnlyCollection<string> TenantIds => tenants;
    }
}
