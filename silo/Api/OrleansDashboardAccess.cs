using LifecycleActors.Dashboard.Auth;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;

namespace LifecycleActors.Silo.Api;

/// <summary>
/// Who may open the Orleans Dashboard at <see cref="Path"/>: administrators, by an <see cref="OrleansDashboardPass"/>
/// cookie (a browser) or by their bearer token (a script). Anonymous callers get 401, other agents 403. The pass is
/// read only on the dashboard's own paths, and only this policy asks for it.
/// </summary>
public static class OrleansDashboardAccess
{
    public const string Path = "/orleans";
    public const string Policy = "orleans-dashboard";
    public const string PassScheme = "orleans-dashboard-pass";

    public static IServiceCollection AddOrleansDashboardAccess(this IServiceCollection services)
    {
        services.AddAuthentication().AddJwtBearer(PassScheme, options =>
        {
            options.MapInboundClaims = false;
            options.Events = new JwtBearerEvents { OnMessageReceived = ReadPassCookie };
        });
        services.AddOptions<JwtBearerOptions>(PassScheme)
            .Configure<AgentTokens>((options, tokens) => options.TokenValidationParameters = OrleansDashboardPass.ValidationParameters(tokens.Key));
        services.Configure<AuthorizationOptions>(options => options.AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme, PassScheme)
            .RequireAuthenticatedUser()
            .RequireClaim(AgentTokens.TenantClaim)
            .RequireClaim("role", AgentRoles.Admin)));
        return services;
    }

    /// <summary>The pass comes from its cookie on the dashboard's paths, and never from a header.</summary>
    private static Task ReadPassCookie(MessageReceivedContext context)
    {
        if (context.Request.Path.StartsWithSegments(Path) && context.Request.Cookies[OrleansDashboardPass.CookieName] is { Length: > 0 } pass)
        {
            context.Token = pass;
        }
        else
        {
            context.NoResult();
        }

        return Task.CompletedTask;
    }
}
