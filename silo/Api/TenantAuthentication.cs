using LifecycleActors.Dashboard.Auth;
using LifecycleActors.Silo.Tenants;

namespace LifecycleActors.Silo.Api;

/// <summary>
/// Resolves the tenant of an API request and exposes it to handlers. A tenant API key (<c>X-Api-Key</c>) opens every
/// endpoint of the group; a signed-in agent's bearer token opens the reads (GET) of the agent's own tenant, which is
/// what the dashboard needs. Neither → 401.
/// </summary>
public static class TenantAuthentication
{
    public const string Header = "X-Api-Key";
    private const string ItemKey = "lifecycle.tenant";
    private const string KeyTenantItem = "lifecycle.key-tenant";

    public static RouteGroupBuilder RequireTenant(this RouteGroupBuilder group) => group
        .WithMetadata(new TenantAuthenticationMetadata())
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .AddEndpointFilter(async (context, next) =>
        {
            var tenant = ResolveTenant(context.HttpContext);
            if (tenant is null)
            {
                return PublishableKeyField(context.HttpContext) is { } field
                    ? ApiProblems.Create(StatusCodes.Status403Forbidden, "Forbidden", $"{field}: a publishable key only sends browser events to POST /api/v1/collect; this endpoint needs the tenant's secret API key (X-Api-Key)", field)
                    : ApiProblems.Unauthorized();
            }

            context.HttpContext.Items[ItemKey] = tenant;
            return await next(context);
        });

    /// <summary>The tenant resolved by <see cref="RequireTenant"/>.</summary>
    public static string Tenant(this HttpContext context) => (string)context.Items[ItemKey]!;

    /// <summary>Requests are limited per API key, or per signed-in agent.</summary>
    public static string RateLimitPartition(HttpContext http) => http.Request.Headers.ContainsKey(Header)
        ? "key:" + http.Request.Headers[Header]
        : "agent:" + http.User.FindFirst(AgentTokens.TenantClaim)?.Value + "/" + http.User.Identity?.Name;

    /// <summary>
    /// Whose request this is, for its log lines: the tenant of its API key, else its signed-in agent's tenant; null
    /// for neither (or a bad key).
    /// </summary>
    public static string? CallerTenant(HttpContext http) =>
        http.Request.Headers.ContainsKey(Header) ? KeyTenant(http) : AgentTenant(http);

    private static string? ResolveTenant(HttpContext http)
    {
        if (http.Request.Headers.ContainsKey(Header))
        {
            return KeyTenant(http);
        }

        return AcceptsAgentToken(http.Request.Method) || AdministratorMayWrite(http) ? AgentTenant(http) : null;
    }

    /// <summary>An endpoint that also takes an administrator's token for writing (an erasure from the customer card).</summary>
    private static bool AdministratorMayWrite(HttpContext http) =>
        http.GetEndpoint()?.Metadata.GetMetadata<AdministratorWriteMetadata>() is not null && AgentIdentity.IsAdmin(http.User);

    /// <summary>
    /// Where a request without a valid API key or agent token presents a publishable key (contract §9): such a key
    /// is refused (403) everywhere but the browser's way in, and the answer says so rather than "unknown key".
    /// </summary>
    private static string? PublishableKeyField(HttpContext http)
    {
        var keys = http.RequestServices.GetRequiredService<TenantDirectory>().PublishableKeys;
        var request = http.Request;
        return request.Headers.TryGetValue(Header, out var apiKey) && keys.Resolve(apiKey.ToString()) is not null ? Header
            : request.Headers.TryGetValue("X-Publishable-Key", out var header) && keys.Resolve(header.ToString()) is not null ? "X-Publishable-Key"
            : keys.Resolve(request.Query["key"].ToString()) is not null ? "key"
            : null;
    }

    /// <summary>Agents may read a tenant's data with their token; only the tenant's API key may write.</summary>
    public static bool AcceptsAgentToken(string method) => HttpMethods.IsGet(method);

    /// <summary>The API key's tenant, resolved once per request.</summary>
    private static string? KeyTenant(HttpContext http)
    {
        if (!http.Items.TryGetValue(KeyTenantItem, out var tenant))
        {
            tenant = http.RequestServices.GetRequiredService<TenantDirectory>().Resolve(http.Request.Headers[Header].ToString());
            http.Items[KeyTenantItem] = tenant;
        }

        return (string?)tenant;
    }

    private static string? AgentTenant(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true ? http.User.FindFirst(AgentTokens.TenantClaim)?.Value : null;
}

/// <summary>Marks the endpoints <see cref="TenantAuthentication.RequireTenant"/> guards, for their OpenAPI security requirement.</summary>
public sealed class TenantAuthenticationMetadata;

/// <summary>
/// Marks a tenant endpoint that a signed-in administrator may call with the agent token although it writes; every
/// other write needs the tenant's API key.
/// </summary>
public sealed class AdministratorWriteMetadata;
