using LifecycleActors.Silo.Hosting;
using Microsoft.Extensions.Configuration;

namespace LifecycleActors.Silo.Tests;

public sealed class SettingsTests
{
    [Theory]
    [InlineData("Lifecycle:Clock", "wall", "Lifecycle:Clock: 'wall' is not a clock mode")]
    [InlineData("Lifecycle:Scheduler:ScanInterval", "00:00:00", "Lifecycle:Scheduler:ScanInterval: must be a positive time span")]
    [InlineData("Lifecycle:Scheduler:MaxConcurrentWakes", "0", "Lifecycle:Scheduler:MaxConcurrentWakes: must be 1..10000")]
    [InlineData("Lifecycle:Scheduler:PageSize", "0", "Lifecycle:Scheduler:PageSize: must be 1..100000")]
    [InlineData("Lifecycle:Grains:CollectionAge", "00:01:00", "Lifecycle:Grains:CollectionAge: must be longer than 00:01:00")]
    [InlineData("Lifecycle:Grains:DirectoryCacheSize", "-1", "Lifecycle:Grains:DirectoryCacheSize: must be 0 or more")]
    [InlineData("Lifecycle:Ingest:PollInterval", "00:00:00", "Lifecycle:Ingest:PollInterval: must be a time span above zero")]
    [InlineData("Storage:Provider", "oracle", "Storage:Provider: 'oracle' is not a storage provider; use 'sqlite' or 'postgres'")]
    [InlineData("Storage:Provider", "postgres", "ConnectionStrings:Lifecycle: required when Storage:Provider is 'postgres'")]
    [InlineData("Orleans:Endpoints:SiloPort", "70000", "Orleans:Endpoints:SiloPort: must be a TCP port")]
    [InlineData("Orleans:Endpoints:AdvertisedIPAddress", "silo-1", "Orleans:Endpoints:AdvertisedIPAddress: 'silo-1' is not an IP address")]
    public void A_bad_value_stops_the_service_naming_its_key(string key, string value, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read(new() { [key] = value }));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
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

    private static LifecycleSettings Read(Dictionary<string, string?> values) =>
        LifecycleSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
}
