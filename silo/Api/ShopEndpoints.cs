using LifecycleActors.Silo.Tenants;

namespace LifecycleActors.Silo.Api;

/// <summary><c>GET /api/v1/shop</c>: what the screen needs to know of the tenant (its currency and time zone).</summary>
public static class ShopEndpoints
{
    public static void MapShop(this RouteGroupBuilder group) =>
        group.MapGroup("").WithTags("Shop").MapGet("/shop", (HttpContext http, TenantDirectory tenants) =>
        {
            var tenant = http.Tenant();
            return WireResults.Ok(new ShopSettings(tenant, tenants.CurrencyOf(tenant), tenants.TimeZoneOf(tenant).Id));
        });
}

/// <summary>The tenant's settings the screen formats with: an ISO 4217 currency and an IANA time zone.</summary>
public sealed record ShopSettings(string Tenant, string Currency, string TimeZone);
