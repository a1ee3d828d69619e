using LifecycleActors.Abstractions;
using LifecycleActors.Silo.Hosting;
using LifecycleActors.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace LifecycleActors.Silo.Tests.Support;

/// <summary>An Orleans TestingHost cluster of one silo with the service's grains, storage and streams on SQLite.</summary>
public sealed class GrainCluster : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IServiceProvider Silo => Cluster.GetSiloServiceProvider();

    public IGrainFactory Grains => Cluster.Client;

    public ICustomerGrain Customer(string tenant, string customerId) => Grains.GetGrain<ICustomerGrain>(CustomerKey.Of(tenant, customerId));

    public async ValueTask InitializeAsync()
    {
        var files = SqliteFiles.From(_directory.SqliteConnectionString);
        await DatabaseSetup.MigrateSqliteAsync(files);
        var settings = LifecycleSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Lifecycle:Snapshots:EveryEvents"] = "5",
        }).Build());
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddLifecycleGrainStorage(files.Grains);
            silo.Services.AddLifecycleServices(settings, files);
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
    }
}
