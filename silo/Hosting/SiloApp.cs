using System.Threading.RateLimiting;
using LifecycleActors.Dashboard;
using LifecycleActors.Grains.Scheduling;
using LifecycleActors.Silo.Api;
using LifecycleActors.Silo.Tenants;
using LifecycleActors.Storage;
using Microsoft.AspNetCore.RateLimiting;

namespace LifecycleActors.Silo.Hosting;

/// <summary>Builds the silo host: configuration, database, Orleans, the HTTP API.</summary>
public static partial class SiloApp
{
    /// <param name="args">Command-line arguments (configuration overrides such as <c>--Lifecycle:Clock event-time</c>).</param>
    /// <param name="configureServices">Registrations made before the service's own, which they take precedence over
    /// where the service uses TryAdd (tests pass a fake clock this way).</param>
    public static async Task<WebApplication> BuildAsync(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        // Configuration files sit beside the binary, wherever the service is started from; data goes to the working directory.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var settings = LifecycleSettings.Read(builder.Configuration);
        var storage = StorageBackend.From(settings.Storage);
        var dataDirectory = Path.Combine(Directory.GetCurrentDirectory(), "data");
        var (tenants, generatedKeyFile) = TenantConfiguration.Load(builder.Configuration, dataDirectory);
        var directory = new TenantDirectory(tenants);
        var migrations = await storage.MigrateAsync();

        builder.Services.AddSingleton(directory);
        builder.Services.AddSingleton<ITenantList>(directory);
        configureServices?.Invoke(builder.Services);
        builder.Services.AddLifecycleDashboard(builder.Configuration, dataDirectory);
        builder.Services.AddLifecycleServices(settings, storage);
        builder.Services.AddProblemDetails();
        builder.Services.AddRateLimiter(options => ConfigureRateLimits(options, settings.RequestsPerSecondPerKey));
        builder.UseOrleans(silo => silo.AddLifecycleSilo(settings, storage));

        var app = builder.Build();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("LifecycleActors.Silo");
        LogStarting(log, storage.Description, migrations.Count, string.Join(", ", directory.TenantIds));
        if (generatedKeyFile is not null)
        {
            LogGeneratedKey(log, generatedKeyFile);
        }

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRateLimiter();
        app.MapHealth();
        app.MapLifecycleDashboard();
        var api = app.MapGroup("/api/v1").RequireTenant().RequireRateLimiting(ApiRateLimit);
        api.MapEvents();
        api.MapCustomers();
        api.MapModel();
        return app;
    }

    private const string ApiRateLimit = "per-api-key";

    private static void ConfigureRateLimits(RateLimiterOptions options, int requestsPerSecond)
    {
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.AddPolicy(ApiRateLimit, http => RateLimitPartition.GetTokenBucketLimiter(
            http.Request.Headers[TenantAuthentication.Header].ToString(),
            _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = requestsPerSecond,
                TokensPerPeriod = requestsPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = requestsPerSecond,
            }));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Lifecycle Actors starting: storage {Database} ({Migrations} migrations applied), tenants: {Tenants}")]
    private static partial void LogStarting(ILogger logger, string database, int migrations, string tenants);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No tenants configured: tenant 'default' uses the generated API key in {KeyFile} (send it as X-Api-Key)")]
    private static partial void LogGeneratedKey(ILogger logger, string keyFile);
}
