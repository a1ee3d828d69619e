using LifecycleActors.Abstractions;
using LifecycleActors.Grains;
using LifecycleActors.Grains.Population;
using LifecycleActors.Grains.Scheduling;
using LifecycleActors.Grains.Time;
using LifecycleActors.Rules;
using LifecycleActors.Silo.EventPath;
using LifecycleActors.Silo.Privacy;
using LifecycleActors.Storage.EventLog;
using LifecycleActors.Telemetry;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Storage;

namespace LifecycleActors.Silo.Hosting;

/// <summary>The services and Orleans configuration of a silo, shared by the host and the tests.</summary>
public static class LifecycleSiloConfiguration
{
    public const string GrainStorage = "lifecycle";
    public const string ServiceId = "lifecycle-actors";
    public const string ClusterId = "lifecycle";

    public static IServiceCollection AddLifecycleServices(this IServiceCollection services, WiringSettings wiring, StorageBackend storage)
    {
        services.AddSiloOptions();
        services.AddLifecycleMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddKeyedSingleton(ClockModes.RulesTimeProviderKey, TimeProvider.System);
        services.AddSingleton<ITenantClock>(sp => wiring.Clock == ClockModes.EventTime
            ? new EventTimeClock(sp.GetRequiredService<IEventLog>().ReadWatermarks())
            : new SystemTenantClock(sp.GetRequiredKeyedService<TimeProvider>(ClockModes.RulesTimeProviderKey)));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<RuleOptions>>().Value);
        services.AddSingleton(sp => new CustomerRules(sp.GetRequiredService<RuleOptions>()));
        services.TryAddSingleton<ILiveUpdates, NoLiveUpdates>();
        services.AddSingleton<TenantFactsCache>();
        services.AddSingleton<ITenantFactsSource>(sp => sp.GetRequiredService<TenantFactsCache>());
        services.AddHostedService<TenantFactsRefresher>();
        services.AddLifecycleCampaigns();
        storage.AddStorageServices(services, wiring.Storage);
        services.AddSingleton<EventIngestion>();
        services.AddIngestAdmission();
        services.TryAddSingleton<SiloReadiness>();
        services.AddHostedService<RecoveryPass>();
        services.AddSingleton<ActiveCustomers>();
        services.AddSingleton<CustomerServices>();
        services.AddSingleton<ICustomerSnapshots>(sp => new GrainStorageSnapshots(
            sp.GetRequiredKeyedService<IGrainStorage>(CustomerGrainState.StorageName), sp.GetRequiredService<IGrainFactory>()));
        services.AddHostedService<SnapshotSweeper>();
        services.AddHostedService<LostSiloRecovery>();
        services.AddHostedService<TenantGrainsKeeper>();
        services.AddHostedService<KpiProjection>();
        services.AddSingleton<ErasureRunner>();
        services.AddSingleton<CustomerExport>();
        services.AddHostedService(sp => sp.GetRequiredService<ErasureRunner>());
        services.AddSingleton<RetentionRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<RetentionRunner>());
        return services;
    }

    public static ISiloBuilder AddLifecycleSilo(this ISiloBuilder silo, WiringSettings wiring, StorageBackend storage)
    {
        storage.ConfigureClustering(silo, wiring);

        // Grain calls continue the caller's trace (client and server spans), when a tracer provider listens; else free.
        silo.AddActivityPropagation();
        silo.Services.AddOptions<GrainCollectionOptions>()
            .Configure<IOptions<GrainsOptions>>((collection, grains) =>
            {
                collection.CollectionAge = grains.Value.CollectionAge;
                collection.CollectionQuantum = grains.Value.CollectionQuantum;
            });
        silo.Services.AddOptions<GrainDirectoryOptions>()
            .Configure<IOptions<GrainsOptions>>((directory, grains) => directory.CacheSize = grains.Value.DirectoryCacheSize);
        silo.AddLifecycleGrainStorage(storage);
        return silo;
    }

    /// <summary>Grain storage over ADO.NET on the service database, plus the in-memory stream provider.</summary>
    public static ISiloBuilder AddLifecycleGrainStorage(this ISiloBuilder silo, StorageBackend storage)
    {
        storage.ConfigureGrainStorage(silo);
        silo.AddMemoryGrainStorage("PubSubStore");
        silo.AddMemoryStreams(StreamNames.Provider, streams => streams.ConfigurePullingAgent(agent => agent
            .Configure<IOptions<IngestOptions>>((o, ingest) => o.GetQueueMsgsTimerPeriod = ingest.Value.PollInterval)));
        return silo;
    }

    /// <summary>Options bound from a section; their defaults when the section does not bind (its own options report why).</summary>
    private static T SectionOrDefault<T>(IConfiguration configuration, string section)
        where T : class, new()
    {
        try
        {
            return configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException)
        {
            return new T();
        }
    }

    /// <summary>The silo's options (<see cref="OptionsConvention"/>); campaigns and the web front register their own.</summary>
    public static IServiceCollection AddSiloOptions(this IServiceCollection services)
    {
        services.AddValidatedOptions<RuleOptions>("Lifecycle:Rules", o => o.Validate());
        services.AddValidatedOptions<SnapshotOptions>("Lifecycle:Snapshots", o => o.Validate());
        services.AddValidatedOptions<IngestOptions>("Lifecycle:Ingest", o => o.Validate());
        services.AddValidatedOptions<SchedulerOptions>("Lifecycle:Scheduler", o => o.Validate());
        services.AddValidatedOptions<ModelOptions>("Lifecycle:Model", o => o.Validate());
        services.AddValidatedOptions<GrainsOptions>("Lifecycle:Grains", o => o.Validate());
        services.AddValidatedOptions<ResidencyOptions>("Lifecycle:Residency", o => o.Validate());

        // A resident customer's idle age is the grains' collection age, and its partition the one its events take:
        // read from their sections as they stand, so that a bad value there is reported once, by its own options.
        services.AddOptions<ResidencyOptions>().PostConfigure<IConfiguration>((residency, configuration) =>
        {
            residency.IdleAge = SectionOrDefault<GrainsOptions>(configuration, "Lifecycle:Grains").CollectionAge;
            residency.Partitions = SectionOrDefault<IngestOptions>(configuration, "Lifecycle:Ingest").Partitions;
        });
        services.AddValidatedOptions<RetentionOptions>("Lifecycle:Retention", o => o.Validate());
        return services;
    }
}
