using System.Threading.RateLimiting;
using LifecycleActors.Dashboard;
using LifecycleActors.Grains.Scheduling;
using LifecycleActors.Silo.Api;
using LifecycleActors.Silo.Tenants;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LifecycleActors.Silo.Hosting;

/// <summary>
/// What every host serves over HTTP, a silo or a standalone dashboard: tenants and agents, the agents' screen and hub,
/// health, the read API, rate limits.
/// </summary>
public static class WebFront
{
    private const string ApiRateLimit = "per-api-key";

    public static IServiceCollection AddWebFront(
        this IServiceCollection services, IConfiguration configuration, LifecycleSettings settings, TenantDirectory tenants, string dataDirectory)
    {
        services.AddSingleton(tenants);
        services.AddSingleton<ITenantList>(tenants);
        services.TryAddSingleton<SiloReadiness>();
        services.AddLifecycleDashboard(configuration, dataDirectory);
        services.Configure<Microsoft.AspNetCore.Authorization.AuthorizationOptions>(AgentIdentity.AddPolicies);
        services.AddProblemDetails();
        services.AddRateLimiter(options => ConfigureRateLimits(options, settings.RequestsPerSecondPerKey));
        return services;
    }

    /// <summary>The middleware and endpoints; answers the API group for host-specific endpoints.</summary>
    public static RouteGroupBuilder UseWebFront(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapHealth();
        app.MapLifecycleDashboard();
        var api = app.MapGroup("/api/v1").RequireTenant().RequireRateLimiting(ApiRateLimit);
        api.MapCustomers();
        api.MapModel();
        app.MapCampaigns();
        app.MapTasks();
        return api;
    }

    private static void ConfigureRateLimits(RateLimiterOptions options, int requestsPerSecond)
    {
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
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
