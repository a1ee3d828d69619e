using System.Security.Claims;
using LifecycleActors.Dashboard.Auth;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LifecycleActors.Silo.Api;

/// <summary>
/// How a signed-in administrator's browser reaches the Orleans Dashboard, whose pages and polling fetches carry no
/// Authorization header: the agents' screen posts to <see cref="Endpoint"/> with the admin's bearer token and gets a
/// short-lived pass as a cookie that the browser sends only to <see cref="OrleansDashboardAccess.Path"/> (HttpOnly,
/// SameSite=Strict, Secure over HTTPS). The pass is a token signed like the agents' tokens but for its own audience,
/// so it opens nothing but the Orleans Dashboard, and a bearer token is never put in a cookie.
/// </summary>
public static class OrleansDashboardPass
{
    public const string Endpoint = "/api/v1/auth/orleans-dashboard";
    public const string CookieName = "lifecycle-orleans-pass";
    public const string Audience = AgentTokens.Issuer + "/orleans-dashboard";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    /// <summary>
    /// <c>POST</c> (admins) sets the pass cookie and answers 204; <c>DELETE</c> (anyone: it only expires the cookie)
    /// removes it, as the screen does when its agent signs out.
    /// </summary>
    public static IEndpointRouteBuilder MapOrleansDashboardPass(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(Endpoint, (HttpContext http, AgentTokens tokens, TimeProvider time) =>
        {
            var pass = Issue(tokens.Key, http.User, time.GetUtcNow());
            http.Response.Cookies.Append(CookieName, pass, CookieOptions(http, Lifetime));
            return TypedResults.NoContent();
        })
            .RequireAuthorization(AgentIdentity.AdminPolicy)
            .WithTags("Agents")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        routes.MapDelete(Endpoint, (HttpContext http) =>
        {
            http.Response.Cookies.Delete(CookieName, CookieOptions(http, maxAge: null));
            return TypedResults.NoContent();
        }).WithTags("Agents");
        return routes;
    }

    /// <summary>A pass for <paramref name="admin"/>, valid for <see cref="Lifetime"/> from <paramref name="now"/>.</summary>
    public static string Issue(SymmetricSecurityKey key, ClaimsPrincipal admin, DateTimeOffset now) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = AgentTokens.Issuer,
            Audience = Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + Lifetime).UtcDateTime,
            Subject = new ClaimsIdentity(
            [
                new Claim(JwtRegisteredClaimNames.Sub, admin.Identity?.Name ?? ""),
                new Claim(AgentTokens.TenantClaim, admin.FindFirst(AgentTokens.TenantClaim)?.Value ?? ""),
                new Claim("role", admin.FindFirst("role")?.Value ?? ""),
            ]),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });

    /// <summary>How a pass is checked: as an agent's token, but for the pass's own audience only.</summary>
    public static TokenValidationParameters ValidationParameters(SymmetricSecurityKey key)
    {
        var parameters = AgentTokens.ValidationParameters(key);
        parameters.ValidAudience = Audience;
        return parameters;
    }

    private static CookieOptions CookieOptions(HttpContext http, TimeSpan? maxAge) => new()
    {
        Path = OrleansDashboardAccess.Path,
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = http.Request.IsHttps,
        MaxAge = maxAge,
        IsEssential = true,
    };
}
