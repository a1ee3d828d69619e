using System.Threading.RateLimiting;
using LifecycleActors.Dashboard;
using LifecycleActors.Grains.Scheduling;
using LifecycleActors.Silo.Api;
using LifecycleActors.Silo.Api.OpenApi;
using LifecycleActors.Silo.Privacy;
using LifecycleActors.Silo.Tenants;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LifecycleActors.Silo.Hosting;

/// <summary>
/// What every host serves over HTTP, a silo or a standalone dashboard: tenants and agents, the agents' screen and hub,
/// health, the read API, rate limits.
/// </summary>
public static class WebFront
{
    private const string ApiRateLimit = "per-api-key";

    public static IServiceCollection AddWebFront(
        this IServiceCollection services, IConfiguration configuration, TenantDirectory tenants, string dataDirectory)
    {
        services.AddSingleton(tenants);
        services.AddSingleton<ITenantList>(tenants);
        services.TryAddSingleton<SiloReadiness>();
        services.AddLifecycleDashboard(configuration, dataDirectory);
        services.Configure<Microsoft.AspNetCore.Authorization.AuthorizationOptions>(AgentIdentity.AddPolicies);
        services.TryAddSingleton<StorageOutage>();
        services.AddHostedService<StorageOutageProbe>();
        services.AddStorageRetryLogFilter();
        services.AddExceptionHandler<StorageUnavailableHandler>();
        services.AddExceptionHandler<ClusterUnavailableHandler>();
        services.AddProblemDetails(options => options.CustomizeProblemDetails = NameTheContentType);
        services.AddApiRateLimits();
        services.AddApiDocument();
        return services;
    }

    /// <summary>ASP.NET Core's own 415 (a body of another media type than an endpoint accepts) names the header, as every refusal names its field.</summary>
    private static void NameTheContentType(ProblemDetailsContext context)
    {
        if (context.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType)
        {
            context.ProblemDetails.Detail ??= "Content-Type: the body must be application/json";
            context.ProblemDetails.Extensions["field"] = "Content-Type";
        }
    }

    /// <summary>Requests per second per API key (<c>Lifecycle:RateLimit</c>).</summary>
    public static IServiceCollection AddApiRateLimits(this IServiceCollection services)
    {
        services.AddValidatedOptions<RateLimitOptions>("Lifecycle:RateLimit", o => o.Validate());
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>()
            .Configure<IOptions<RateLimitOptions>>((options, rateLimit) => ConfigureRateLimits(options, rateLimit.Value.RequestsPerSecond));
        return services;
    }

    /// <summary>The middleware and endpoints.</summary>
    /// <param name="acceptEvents">Whether this host takes <c>POST /api/v1/events</c> (a silo does; a standalone dashboard does not).</param>
    public static WebApplication UseWebFront(this WebApplication app, bool acceptEvents)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseRequestLogging();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapApiDocument();
        app.MapHealth();
        app.MapLifecycleDashboard();
        var api = app.MapGroup("/api/v1").RequireTenant().RequireRateLimiting(ApiRateLimit).ProducesProblem(StatusCodes.Status429TooManyRequests);
        if (acceptEvents)
        {
            api.MapEvents();

            // Erasures are carried out by a silo's runner; a standalone dashboard has none.
            api.MapErasures();
            api.MapExport();
        }

        api.MapCustomers();
        api.MapModel();
        api.MapShop();
        api.MapKpis();
        app.MapCampaigns();
        app.MapTasks();
        return app;
    }

    private static void ConfigureRateLimits(RateLimiterOptions options, int requestsPerSecond)
    {
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.OnRejected = RateLimitRejections.WriteAsync;
        options.AddPolicy(ApiRateLimit, http => RateLimitPartition.GetTokenBucketLimiter(
            TenantAuthentication.RateLimitPartition(http),
            _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = requestsPerSecond,
                TokensPerPeriod = requestsPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = requestsPerSecond,
            }));
    }
}
