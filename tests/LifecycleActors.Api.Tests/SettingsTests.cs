using LifecycleActors.Silo.Hosting;
using LifecycleActors.Silo.Hosting.Demo;
using LifecycleActors.Silo.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LifecycleActors.Api.Tests;

public sealed class SettingsTests
{
    /// <summary>
    /// What decides the wiring is read before the host is built (<see cref="InvalidOperationException"/>); every other
    /// option is checked when the host starts (<see cref="OptionsValidationException"/>). Either way the message leads
    /// with the full key.
    /// </summary>
    [Theory]
    [InlineData("Lifecycle:Clock", "wall", "Lifecycle:Clock: 'wall' is not a clock mode")]
    [InlineData("Storage:Provider", "oracle", "Storage:Provider: 'oracle' is not a storage provider; use 'sqlite' or 'postgres'")]
    [InlineData("Storage:Provider", "postgres", "ConnectionStrings:Lifecycle: required when Storage:Provider is 'postgres'")]
    [InlineData("Orleans:Endpoints:SiloPort", "70000", "Orleans:Endpoints:SiloPort: must be a TCP port")]
    [InlineData("Orleans:Endpoints:AdvertisedIPAddress", "silo-1", "Orleans:Endpoints:AdvertisedIPAddress: 'silo-1' is not an IP address")]
    [InlineData("Lifecycle:Scheduler:ScanInterval", "00:00:00", "Lifecycle:Scheduler:ScanInterval: must be a positive time span")]
    [InlineData("Lifecycle:Scheduler:MaxConcurrentWakes", "0", "Lifecycle:Scheduler:MaxConcurrentWakes: must be 1..10000")]
    [InlineData("Lifecycle:Scheduler:PageSize", "0", "Lifecycle:Scheduler:PageSize: must be 1..100000")]
    [InlineData("Lifecycle:Grains:CollectionAge", "00:00:09", "Lifecycle:Grains:CollectionAge: must be 00:00:10 or longer")]
    [InlineData("Lifecycle:Grains:DirectoryCacheSize", "-1", "Lifecycle:Grains:DirectoryCacheSize: must be 0 or more")]
    [InlineData("Lifecycle:Ingest:PollInterval", "00:00:00", "Lifecycle:Ingest:PollInterval: must be a time span above zero")]
    [InlineData("Lifecycle:Ingest:Partitions", "0", "Lifecycle:Ingest:Partitions: must be 1..1024")]
    [InlineData("Lifecycle:Ingest:PublishWait", "00:01:00", "Lifecycle:Ingest:PublishWait: must be a time span above zero and at most 00:00:30")]
    [InlineData("Lifecycle:Ingest:MaxConcurrentRequests", "0", "Lifecycle:Ingest:MaxConcurrentRequests: must be 1..100000")]
    [InlineData("Lifecycle:Ingest:QueueLimit", "-1", "Lifecycle:Ingest:QueueLimit: must be 0..100000")]
    [InlineData("Lifecycle:Ingest:RetryAfter", "00:00:00.500", "Lifecycle:Ingest:RetryAfter: must be whole seconds from 00:00:01 to 00:05:00")]
    [InlineData("Lifecycle:Rules:AtRiskFraction", "1", "Lifecycle:Rules:AtRiskFraction: must be in (0, 1)")]
    [InlineData("Lifecycle:Snapshots:EveryEvents", "0", "Lifecycle:Snapshots:EveryEvents: must be >= 1")]
    [InlineData("Lifecycle:Model:MinPredictionCustomers", "1", "Lifecycle:Model:MinPredictionCustomers: must be >= 2")]
    [InlineData("Lifecycle:Campaigns:MaxAttempts", "0", "Lifecycle:Campaigns:MaxAttempts: must be 1..50")]
    [InlineData("Lifecycle:RateLimit:RequestsPerSecond", "0", "Lifecycle:RateLimit:RequestsPerSecond: must be >= 1")]
    [InlineData("Lifecycle:Demo:Customers", "5", "Lifecycle:Demo:Customers: must be 10..100000")]
    [InlineData("Lifecycle:Metrics:AllowedNetworks:0", "shop-net", "Lifecycle:Metrics:AllowedNetworks: 'shop-net' is not a network in CIDR notation such as 10.0.0.0/8")]
    public void A_bad_value_stops_the_service_naming_its_key(string key, string value, string expected)
    {
        var error = Assert.ThrowsAny<Exception>(() =>
        {
            Read(new() { [key] = value });
            ValidateAtStart(new() { [key] = value }).Dispose();
        });

        Assert.True(error is InvalidOperationException or OptionsValidationException, $"{error.GetType().Name}: {error.Message}");
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Valid_options_pass_the_start_check_and_are_bound_from_their_sections()
    {
        using var services = ValidateAtStart(new() { ["Lifecycle:Grains:DirectoryCacheSize"] = "42", ["Lifecycle:Demo:Customers"] = "20" });

        Assert.Equal(42, services.GetRequiredService<IOptions<GrainsOptions>>().Value.DirectoryCacheSize);
        Assert.Equal(20, services.GetRequiredService<IOptions<DemoOptions>>().Value.Customers);
    }

    [Theory]
    [InlineData("event-time", "event-time")]
    [InlineData(" Event-Time ", "event-time")]
    [InlineData(null, "system")]
    public void The_clock_mode_is_read_case_insensitively_and_defaults_to_system(string? value, string expected)
    {
        var settings = Read(new() { ["Lifecycle:Clock"] = value });

        Assert.Equal(expected, settings.Clock);
    }

    [Fact]
    public void With_postgres_the_connection_string_is_checked_and_the_silo_advertises_loopback_unless_told()
    {
        var settings = Read(new() { ["Storage:Provider"] = " Postgres ", ["ConnectionStrings:Lifecycle"] = "Host=db;Database=lifecycle;Username=app" });

        Assert.Equal("postgres", settings.Storage.Provider);
        Assert.Contains("Timezone=UTC", settings.Storage.ConnectionString, StringComparison.Ordinal);
        Assert.Equal(System.Net.IPAddress.Loopback, settings.AdvertisedAddress);
    }

    private static WiringSettings Read(Dictionary<string, string?> values) =>
        WiringSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(values).Build());

    /// <summary>The silo's, the web front's and the demo's options, checked as the host checks them when it starts.</summary>
    private static ServiceProvider ValidateAtStart(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddSiloOptions().AddApiRateLimits().AddLifecycleCampaigns().AddDemoTraffic().AddMetricsAccess();
        var provider = services.BuildServiceProvider();
        try
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
            return provider;
        }
        catch
        {
            provider.Dispose();
            throw;
        }
    }
}
