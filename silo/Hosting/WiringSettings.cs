using System.Net;
using LifecycleActors.Grains.Time;
using LifecycleActors.Storage;
using LifecycleActors.Storage.Postgres;

namespace LifecycleActors.Silo.Hosting;

/// <summary>
/// The few settings that decide how the host is put together (which database, which clock, which endpoints), read
/// before the host is built and checked there, failing with the key at fault. Every other setting is an options type
/// bound and validated at start (<see cref="OptionsConvention"/>).
/// </summary>
public sealed record WiringSettings(
    StorageOptions Storage,
    string Clock,
    int SiloPort,
    int GatewayPort,
    IPAddress AdvertisedAddress)
{
    public static WiringSettings Read(IConfiguration configuration)
    {
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

        var clock = (configuration["Lifecycle:Clock"] ?? ClockModes.System).Trim().ToLowerInvariant();
        if (clock is not (ClockModes.System or ClockModes.EventTime))
        {
            throw new InvalidOperationException($"Lifecycle:Clock: '{clock}' is not a clock mode; use '{ClockModes.System}' or '{ClockModes.EventTime}'");
        }

        var siloPort = Port(configuration, "Orleans:Endpoints:SiloPort", 11111);
        var gatewayPort = Port(configuration, "Orleans:Endpoints:GatewayPort", 30000);
        var advertised = configuration["Orleans:Endpoints:AdvertisedIPAddress"] is { Length: > 0 } address
            ? IPAddress.TryParse(address, out var ip) ? ip : throw new InvalidOperationException($"Orleans:Endpoints:AdvertisedIPAddress: '{address}' is not an IP address")
            : IPAddress.Loopback;
        return new WiringSettings(storage, clock, siloPort, gatewayPort, advertised);
    }

    private static int Port(IConfiguration configuration, string key, int defaultPort)
    {
        var port = configuration.GetValue(key, defaultPort);
        return port is > 0 and <= 65535 ? port : throw new InvalidOperationException($"{key}: must be a TCP port, 1..65535");
    }
}
