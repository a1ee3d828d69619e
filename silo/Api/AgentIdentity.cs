using System.Security.Claims;
using LifecycleActors.Dashboard.Auth;

namespace LifecycleActors.Silo.Api;

/// <summary>The signed-in agent of a request: username, tenant and role, from the bearer token's claims.</summary>
public sealed record AgentIdentity(string Username, string Tenant, string Role)
{
    public const string AgentPolicy = "agent";
    public const string AdminPolicy = "admin";

    public static AgentIdentity Of(HttpContext http) => new(
        http.User.Identity?.Name ?? "",
        http.User.FindFirst(AgentTokens.TenantClaim)?.Value ?? "",
        http.User.FindFirst("role")?.Value ?? "");

    /// <summary>Any signed-in agent (a tenant claim is present); administrators are agents with role <c>admin</c>.</summary>
    public static void AddPolicies(Microsoft.AspNetCore.Authorization.AuthorizationOptions options)
    {
        options.AddPolicy(AgentPolicy, p => p.RequireAuthenticatedUser().RequireClaim(AgentTokens.TenantClaim));
        options.AddPolicy(AdminPolicy, p => p.RequireAuthenticatedUser().RequireAssertion(context => IsAdmin(context.User)));
    }

    /// <summary>A signed-in agent of a tenant with role <c>admin</c>.</summary>
    public static bool IsAdmin(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && user.HasClaim(c => c.Type == AgentTokens.TenantClaim) && user.HasClaim("role", "admin");
}
