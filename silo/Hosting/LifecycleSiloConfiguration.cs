using LifecycleActors.Abstractions;
using LifecycleActors.Grains;
using LifecycleActors.Grains.Population;
using LifecycleActors.Grains.Scheduling;
using LifecycleActors.Grains.Time;
using LifecycleActors.Rules;
using LifecycleActors.Storage;
using LifecycleActors.Storage.EventLog;
using LifecycleActors.Storage.ReadModel;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace LifecycleActors.Silo.Hosting;

/// <summary>The services and Orleans configuration of a silo, shared by the host and the tests.</summary>
public static class LifecycleSiloConfiguration
{
    public const string GrainStorage = "lifecycle";
    public const string ServiceId = "lifecycle-actors";
    public const string ClusterId = "lifecycle";

    public static IServiceCollection AddLifecycleServices(this IServiceCollection services, LifecycleSettings settings, StorageBackend storage)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddKeyedSingleton(ClockModes.RulesTimeProviderKey, TimeProvider.System);
        services.AddSingleton<ITenantClock>(sp => settings.Clock == ClockModes.EventTime
            ? new EventTimeClock(sp.GetRequiredService<IEventLog>().ReadWatermarks())
            : new SystemTenantClock(sp.GetRequiredKeyedService<TimeProvider>(ClockModes.RulesTimeProviderKey)));
        services.AddSingleton(Options.Create(settings.Scheduler));
        services.AddSingleton(settings.Rules);
        services.AddSingleton(new CustomerRules(settings.Rules));
        services.TryAddSingleton<ILiveUpdates, NoLiveUpdates>();
        services.AddSingleton<TenantFactsCache>();
        services.AddSingleton<ITenantFactsSource>(sp => sp.GetRequiredService<TenantFactsCache>());
        services.AddSingleton(Options.Create(settings.Model));
        services.AddHostedService<TenantFactsRefresher>();
        services.AddLifecycleCampaigns(settings.Campaigns);
        services.AddSingleton(Options.Create(settings.Snapshots));
        services.AddSingleton(Options.Create(settings.Ingest));
        storage.AddStorageServices(services, settings.Storage);
        services.AddSingleton<EventIngestion>();
        services.TryAddSingleton<SiloReadiness>();
        services.AddHostedService<CatchUpService>();
        services.AddSingleton<ActiveCustomers>();
        services.AddHostedService<SnapshotSweeper>();
        services.AddHostedService<LostSiloCatchUp>();
        services.AddHostedService<TenantGrainsKeeper>();
        return services;
    }

    public static ISiloBuilder AddLifecycleSilo(this ISiloBuilder silo, LifecycleSettings settings, StorageBackend storage)
    {
        storage.ConfigureClustering(silo, settings);
        silo.Configure<GrainCollectionOptions>(o => o.CollectionAge = settings.GrainCollectionAge);
        silo.Configure<GrainDirectoryOptions>(o => o.CacheSize = settings.DirectoryCacheSize);
        silo.AddLifecycleGrainStorage(storage, settings.Ingest.PollInterval);
        return silo;
    }

    /// <summary>Grain storage over ADO.NET on the service database, plus the in-memory stream provider.</summary>
    /// <param name="pollInterval">How often the ingest streams' agents look for events (<see cref="IngestOptions.PollInterval"/>).</param>
    public static ISiloBuilder AddLifecycleGrainStorage(this ISiloBuilder silo, StorageBackend storage, TimeSpan? pollInterval = null)
    {
        storage.ConfigureGrainStorage(silo);
        silo.AddMemoryGrainStorage("PubSubStore");
        var poll = pollInterval ?? new IngestOptions().PollInterval;
        silo.AddMemoryStreams(StreamNames.Provider, streams => streams.ConfigurePullingAgent(agent => agent.Configure(o => o.GetQueueMsgsTimerPeriod = poll)));
        return silo;
    }
}
