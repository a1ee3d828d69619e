using LifecycleActors.Silo.Tenants;

namespace LifecycleActors.Silo.Api;

/// <summary>Requires a tenant API key (<c>X-Api-Key</c>) on an endpoint group and exposes the tenant to handlers.</summary>
public static class TenantAuthentication
{
    public const string Header = "X-Api-Key";
    private const string ItemKey = "lifecycle.tenant";

    public static RouteGroupBuilder RequireTenant(this RouteGroupBuilder group) =>
        group.AddEndpointFilter(async (context, next) =>
        {
            var directory = context.HttpContext.RequestServices.GetRequiredService<TenantDirectory>();
            var tenant = directory.Resolve(context.HttpContext.Request.Headers[Header].ToString());
            if (tenant is null)
            {
                return ApiProblems.Unauthorized();
            }

            context.HttpContext.Items[ItemKey] = tenant;
            return await next(context);
        });

    /// <summary>The tenant resolved by <see cref="RequireTenant"/>.</summary>
    public static string Tenant(this HttpContext context) => (string)context.Items[ItemKey]!;
}
