using LifecycleActors.Grains.Scheduling;
using LifecycleActors.Silo.Api;
using LifecycleActors.Silo.Collect;
using LifecycleActors.Silo.Connectors;
using LifecycleActors.Silo.Hosting.Demo;
using LifecycleActors.Silo.Telemetry;
using LifecycleActors.Silo.Tenants;
using LifecycleActors.Storage;

namespace LifecycleActors.Silo.Hosting;

/// <summary>Builds the silo host: configuration, database, Orleans, the HTTP API.</summary>
public static partial class SiloApp
{
    /// <param name="args">Command-line arguments (configuration overrides such as <c>--Lifecycle:Clock event-time</c>).</param>
    /// <param name="configureServices">Registrations made before the service's own, which they take precedence over
    /// where the service uses TryAdd (tests pass a fake clock this way).</param>
    public static async Task<WebApplication> BuildAsync(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        var demo = DemoMode.TakeSwitch(ref args);
        // Configuration files sit beside the binary, wherever the service is started from; data goes to the working directory.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var dataDirectory = Path.Combine(Directory.GetCurrentDirectory(), "data");
        var demoMode = demo ? DemoMode.Configure(builder.Configuration, dataDirectory) : null;
        var wiring = WiringSettings.Read(builder.Configuration);
        var storage = StorageBackend.From(wiring.Storage);
        var (tenants, generatedKeyFile) = TenantConfiguration.Load(builder.Configuration, dataDirectory);
        var directory = new TenantDirectory(tenants);
        var connectors = ConnectorConfiguration.Load(builder.Configuration, directory);
        var migrations = await storage.MigrateAsync();

        configureServices?.Invoke(builder.Services);
        builder.Services.AddWebFront(builder.Configuration, directory, dataDirectory);
        builder.Services.AddLifecycleServices(wiring, storage);
        builder.Services.AddShopConnectors(connectors);
        builder.Services.AddBrowserCollect();
        builder.Services.AddOperatorTelemetry(builder.Configuration);
        builder.Logging.AddServiceLogging(builder.Configuration);
        builder.UseOrleans(silo => silo.AddLifecycleSilo(wiring, storage).AddOrleansDashboardForAdmins());
        if (demoMode is not null)
        {
            builder.Services.AddDemoTraffic();
        }

        var app = builder.Build();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("LifecycleActors.Silo");
        LogStarting(log, storage.Description, migrations.Count, string.Join(", ", directory.TenantIds));
        if (generatedKeyFile is not null)
        {
            LogGeneratedKey(log, generatedKeyFile);
        }

        if (demoMode is not null)
        {
            app.Lifetime.ApplicationStarted.Register(() => LogDemo(log, string.Join(", ", app.Urls), demoMode.AgentPassword, demoMode.DataDirectory));
        }

        app.UseWebFront(acceptEvents: true);
        app.MapShopConnectors();
        app.MapBrowserCollect();
        app.MapBrowserSettings();
        app.MapOrleansDashboardForAdmins();
        app.MapOperatorMetrics();
        return app;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Lifecycle Actors starting: storage {Database} ({Migrations} migrations applied), tenants: {Tenants}")]
    private static partial void LogStarting(ILogger logger, string database, int migrations, string tenants);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo: open {Urls} in a browser and sign in as 'admin' with password '{Password}' (generated data in {Directory})")]
    private static partial void LogDemo(ILogger logger, string urls, string password, string directory);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No tenants configured: tenant 'default' uses the generated API key in {KeyFile} (send it as X-Api-Key)")]
    private static partial void LogGeneratedKey(ILogger logger, string keyFile);
}
