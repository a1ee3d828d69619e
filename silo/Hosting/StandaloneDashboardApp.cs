using LifecycleActors.Rules;
using LifecycleActors.Silo.Telemetry;
using LifecycleActors.Silo.Tenants;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LifecycleActors.Silo.Hosting;

/// <summary>
/// <c>Lifecycle:Role = dashboard</c>: the agents' screen, hub, sign-in and read API without a silo, as an Orleans
/// client of the cluster, for deployments that scale the screens apart from the silos. Customers are read through
/// their grains, lists and timelines from the service's database; live updates come from every silo through the
/// cluster's fan-out. It accepts no events. Its metrics (live pushes, campaigns, the read model) are at
/// <c>/metrics</c> as on a silo.
/// </summary>
public static partial class StandaloneDashboardApp
{
    public const string RoleKey = "Lifecycle:Role";
    public const string Role = "dashboard";

    /// <summary>Whether the arguments or the environment ask for this role.</summary>
    public static bool IsRequested(string[] args) =>
        string.Equals(
            new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build()[RoleKey], Role, StringComparison.OrdinalIgnoreCase);

    /// <param name="configureServices">Registrations made before the dashboard's own, as for <see cref="SiloApp.BuildAsync"/>.</param>
    public static async Task<WebApplication> BuildAsync(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var dataDirectory = Path.Combine(Directory.GetCurrentDirectory(), "data");
        var wiring = WiringSettings.Read(builder.Configuration);
        var storage = StorageBackend.From(wiring.Storage);
        var (tenants, _) = TenantConfiguration.Load(builder.Configuration, dataDirectory);
        await storage.MigrateAsync();

        configureServices?.Invoke(builder.Services);
        builder.Services.AddWebFront(builder.Configuration, new TenantDirectory(tenants), dataDirectory);
        builder.Services.TryAddSingleton(TimeProvider.System);

        // The KPIs count NPS answers with the same thresholds as the silos.
        builder.Services.AddValidatedOptions<RuleOptions>("Lifecycle:Rules", o => o.Validate());
        builder.Services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<RuleOptions>>().Value);
        storage.AddStorageServices(builder.Services, wiring.Storage);
        builder.Services.AddLifecycleCampaigns();
        builder.Services.AddOperatorTelemetry(builder.Configuration);
        builder.Logging.AddServiceLogging(builder.Configuration);
        builder.UseOrleansClient(client => storage.ConfigureClientClustering(client, wiring));

        var app = builder.Build();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("LifecycleActors.Dashboard");
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            // The Orleans client has connected by the time the host has started.
            app.Services.GetRequiredService<SiloReadiness>().MarkReady();
            LogStarted(log, string.Join(", ", app.Urls), storage.Description);
        });
        app.UseWebFront(acceptEvents: false);
        app.MapOperatorMetrics();
        return app;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Standalone dashboard on {Urls}, an Orleans client of the cluster (storage {Storage})")]
    private static partial void LogStarted(ILogger logger, string urls, string storage);
}
