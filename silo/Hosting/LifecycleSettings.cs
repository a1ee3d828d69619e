using System.Net;
using LifecycleActors.Grains;
using LifecycleActors.Grains.Campaigns;
using LifecycleActors.Grains.Population;
using LifecycleActors.Grains.Scheduling;
using LifecycleActors.Grains.Time;
using LifecycleActors.Rules;
using LifecycleActors.Storage;
using LifecycleActors.Storage.Postgres;

namespace LifecycleActors.Silo.Hosting;

/// <summary>Reads and validates the service's configuration at startup, failing fast with the key at fault.</summary>
public sealed record LifecycleSettings(
    RuleOptions Rules,
    SnapshotOptions Snapshots,
    StorageOptions Storage,
    int SiloPort,
    int GatewayPort,
    IPAddress AdvertisedAddress,
    int RequestsPerSecondPerKey,
    IngestOptions Ingest,
    string Clock,
    SchedulerOptions Scheduler,
    TimeSpan GrainCollectionAge,
    int DirectoryCacheSize,
    ModelOptions Model,
    CampaignOptions Campaigns)
{
    /// <summary>
    /// Grain addresses each silo caches (Orleans keeps an entry for every grain it has seen, also after the grain
    /// deactivated, up to this many): bounded well below the customers a silo serves, so idle customers cost no memory.
    /// </summary>
    public const int DefaultDirectoryCacheSize = 100_000;

    public static LifecycleSettings Read(IConfiguration configuration)
    {
        var rules = configuration.GetSection("Lifecycle:Rules").Get<RuleOptions>() ?? new RuleOptions();
        if (rules.Validate() is { } problem)
        {
            throw new InvalidOperationException($"Lifecycle:Rules:{problem}");
        }

        var snapshots = configuration.GetSection("Lifecycle:Snapshots").Get<SnapshotOptions>() ?? new SnapshotOptions();
        if (snapshots.EveryEvents < 1)
        {
            throw new InvalidOperationException("Lifecycle:Snapshots:EveryEvents: must be >= 1");
        }

        if (snapshots.Interval <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("Lifecycle:Snapshots:Interval: must be a positive time span such as 00:00:30");
        }

        var storage = configuration.GetSection("Storage").Get<StorageOptions>() ?? new StorageOptions();
        storage.ConnectionString = configuration.GetConnectionString("Lifecycle") ?? storage.ConnectionString;
        storage.Provider = storage.Provider.Trim().ToLowerInvariant();
        switch (storage.Provider)
        {
            case StorageOptions.Sqlite:
                break;
            case StorageOptions.Postgres:
                storage.ConnectionString = PostgresDatabase.ValidateConnectionString(storage.ConnectionString);
                break;
            default:
                throw new InvalidOperationException($"Storage:Provider: '{storage.Provider}' is not a storage provider; use '{StorageOptions.Sqlite}' or '{StorageOptions.Postgres}'");
        }

        var siloPort = Port(configuration, "Orleans:Endpoints:SiloPort", 11111);
        var gatewayPort = Port(configuration, "Orleans:Endpoints:GatewayPort", 30000);
        var advertised = configuration["Orleans:Endpoints:AdvertisedIPAddress"] is { Length: > 0 } address
            ? IPAddress.TryParse(address, out var ip) ? ip : throw new InvalidOperationException($"Orleans:Endpoints:AdvertisedIPAddress: '{address}' is not an IP address")
            : IPAddress.Loopback;
        var rate = configuration.GetValue("Lifecycle:RateLimit:RequestsPerSecond", 500);
        if (rate < 1)
        {
            throw new InvalidOperationException("Lifecycle:RateLimit:RequestsPerSecond: must be >= 1");
        }

        var ingest = configuration.GetSection("Lifecycle:Ingest").Get<IngestOptions>() ?? new IngestOptions();
        if (ingest.Partitions is < 1 or > 1024)
        {
            throw new InvalidOperationException("Lifecycle:Ingest:Partitions: must be 1..1024");
        }

        if (ingest.PollInterval <= TimeSpan.Zero || ingest.PollInterval > TimeSpan.FromSeconds(10))
        {
            throw new InvalidOperationException("Lifecycle:Ingest:PollInterval: must be a time span above zero and at most 00:00:10, such as 00:00:00.010");
        }

        var clock = (configuration["Lifecycle:Clock"] ?? ClockModes.System).Trim().ToLowerInvariant();
        if (clock is not (ClockModes.System or ClockModes.EventTime))
        {
            throw new InvalidOperationException($"Lifecycle:Clock: '{clock}' is not a clock mode; use '{ClockModes.System}' or '{ClockModes.EventTime}'");
        }

        var scheduler = configuration.GetSection("Lifecycle:Scheduler").Get<SchedulerOptions>() ?? new SchedulerOptions();
        if (scheduler.Validate() is { } schedulerProblem)
        {
            throw new InvalidOperationException($"Lifecycle:Scheduler:{schedulerProblem}");
        }

        var collectionAge = configuration.GetValue("Lifecycle:Grains:CollectionAge", TimeSpan.FromMinutes(10));
        if (collectionAge <= TimeSpan.FromMinutes(1))
        {
            // Orleans collects idle activations once a minute, so a shorter age would not mean anything.
            throw new InvalidOperationException("Lifecycle:Grains:CollectionAge: must be longer than 00:01:00");
        }

        var directoryCache = configuration.GetValue("Lifecycle:Grains:DirectoryCacheSize", DefaultDirectoryCacheSize);
        if (directoryCache < 0)
        {
            throw new InvalidOperationException("Lifecycle:Grains:DirectoryCacheSize: must be 0 or more (grain addresses cached)");
        }

        var model = configuration.GetSection("Lifecycle:Model").Get<ModelOptions>() ?? new ModelOptions();
        if (model.Validate() is { } modelProblem)
        {
            throw new InvalidOperationException($"Lifecycle:Model:{modelProblem}");
        }

        var campaigns = configuration.GetSection("Lifecycle:Campaigns").Get<CampaignOptions>() ?? new CampaignOptions();
        if (campaigns.Validate() is { } campaignProblem)
        {
            throw new InvalidOperationException(campaignProblem);
        }

        return new LifecycleSettings(rules, snapshots, storage, siloPort, gatewayPort, advertised, rate, ingest, clock, scheduler, collectionAge, directoryCache, model, campaigns);
    }

    private static int Port(IConfiguration configuration, string key, int defaultPort)
    {
        var port = configuration.GetValue(key, defaultPort);
        return port is > 0 and <= 65535 ? port : throw new InvalidOperationException($"{key}: must be a TCP port, 1..65535");
    }
}
