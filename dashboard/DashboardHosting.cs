using System.Threading.RateLimiting;
using LifecycleActors.Dashboard.Auth;
using LifecycleActors.Dashboard.Live;
using LifecycleActors.Grains;
using LifecycleActors.Telemetry;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LifecycleActors.Dashboard;

/// <summary>The dashboard's services and endpoints: agent sign-in, the live hub, the coalesced stats.</summary>
public static class DashboardHosting
{
    /// <summary>Registers the dashboard; call before the service's own registrations so live updates go to the hub.</summary>
    public static IServiceCollection AddLifecycleDashboard(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        var agents = AgentDirectory.FromConfiguration(
            configuration.GetSection("Lifecycle:Agents").Get<List<AgentOptions>>() ?? [],
            configuration[AgentDirectory.BootstrapPasswordVariable]);
        var key = AgentTokens.LoadKey(configuration["Lifecycle:Auth:SigningKey"], dataDirectory);
        services.AddSingleton(agents);
        services.AddSingleton(new AgentTokens(key, TimeProvider.System));
        services.AddLifecycleMetrics();
        services.AddSingleton<HubLiveUpdates>();
        services.AddSingleton<AgentConnections>();
        services.AddSingleton<LiveRelay>();
        services.AddSingleton<ILiveUpdates>(sp => sp.GetRequiredService<LiveRelay>());
        services.AddHostedService<LiveClusterLink>();
        services.AddHostedService<StatsPublisher>();
        services.AddSignalR();
        services.AddAuthorization();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.MapInboundClaims = false;
            options.TokenValidationParameters = AgentTokens.ValidationParameters(key);
            options.Events = new JwtBearerEvents
            {
                // Browsers cannot set headers on WebSockets: the hub takes the token from the query string.
                OnMessageReceived = context =>
                {
                    if (context.Request.Path.StartsWithSegments(LifecycleHub.Path) && context.Request.Query["access_token"] is { Count: > 0 } token)
                    {
                        context.Token = token;
                    }

                    return Task.CompletedTask;
                },
            };
        });
        services.Configure<RateLimiterOptions>(options => options.AddPolicy(LoginEndpoint.RateLimitPolicy, http =>
            RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 10, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })));
        return services;
    }

    public static WebApplication MapLifecycleDashboard(this WebApplication app)
    {
        app.MapDashboardAssets();
        app.MapAgentLogin();
        app.MapHub<LifecycleHub>(LifecycleHub.Path);
        return app;
    }
}
