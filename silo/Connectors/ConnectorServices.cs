using System.Threading.RateLimiting;
using LifecycleActors.Silo.Hosting;
using LifecycleActors.Storage.Connectors;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace LifecycleActors.Silo.Connectors;

/// <summary>Shop connectors on a silo: the configured ones, the directory, the intake and the per-connector rate limit.</summary>
public static class ConnectorServices
{
    public static IServiceCollection AddShopConnectors(this IServiceCollection services, IReadOnlyList<Connector> configured)
    {
        services.AddSingleton(sp => new ConnectorDirectory(configured, sp.GetRequiredService<IConnectorStore>()));
        services.AddSingleton<ShopWebhookIntake>();
        // Each connector gets the requests per second an API key gets (Lifecycle:RateLimit).
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((options, rateLimit) =>
            options.AddPolicy(WebhooksEndpoint.RateLimitPolicy, http => RateLimitPartition.GetTokenBucketLimiter(
                http.Request.RouteValues["connectorId"]?.ToString() ?? "",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = rateLimit.Value.RequestsPerSecond,
                    TokensPerPeriod = rateLimit.Value.RequestsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = rateLimit.Value.RequestsPerSecond,
                })));
        return services;
    }

    public static WebApplication MapShopConnectors(this WebApplication app)
    {
        app.MapShopWebhooks();
        app.MapConnectors();
        return app;
    }
}
