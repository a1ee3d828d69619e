using LifecycleActors.Silo.Api;
using LifecycleActors.Silo.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LifecycleActors.Silo.Collect;

/// <summary>
/// <c>GET /api/v1/browser</c> for a tenant's administrators: its publishable key, allowed origins, whether browsers may
/// identify (an <c>IdentitySecret</c> is configured, never shown) and the script tag to paste into the shop's pages.
/// The settings themselves live in configuration (<c>Lifecycle:Tenants:i:*</c>).
/// </summary>
public static class BrowserSettingsEndpoint
{
    public static void MapBrowserSettings(this IEndpointRouteBuilder app) => app.MapGet("/api/v1/browser", Get)
        .WithTags("Browser")
        .RequireAuthorization(AgentIdentity.AdminPolicy)
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound);

    private static Results<WireOk<BrowserSettings>, ProblemHttpResult> Get(HttpContext http, TenantDirectory tenants)
    {
        var tenant = AgentIdentity.Of(http).Tenant;
        if (tenants.PublishableKeys.OfTenant(tenant) is not { } source)
        {
            return ApiProblems.NotFound("PublishableKey", $"PublishableKey: tenant '{tenant}' has none; set Lifecycle:Tenants:i:PublishableKey and AllowedOrigins");
        }

        var scriptTag = $"<script src=\"{http.Request.Scheme}://{http.Request.Host}/t.js\" data-key=\"{source.PublishableKey}\" async></script>";
        return WireResults.Ok(new BrowserSettings(tenant, source.PublishableKey, [.. source.AllowedOrigins.Order(StringComparer.Ordinal)], source.IdentitySecret is not null, scriptTag));
    }
}

/// <summary>The answer of <c>GET /api/v1/browser</c>.</summary>
public sealed record BrowserSettings(string Tenant, string PublishableKey, IReadOnlyList<string> AllowedOrigins, bool IdentifyEnabled, string ScriptTag);
