using LifecycleActors.Abstractions;

namespace LifecycleActors.Silo.Api;

/// <summary>
/// <c>GET /api/v1/model</c>: the tenant's population facts and fitted prediction model;
/// <c>POST /api/v1/model/refit</c>: refit now and return the new one.
/// </summary>
public static class ModelEndpoints
{
    public static void MapModel(this RouteGroupBuilder group)
    {
        var api = group.MapGroup("").WithTags("Model");
        api.MapGet("/model", async (HttpContext http, IGrainFactory grains) =>
            WireResults.Ok(await grains.GetGrain<ITenantModelGrain>(http.Tenant()).GetAsync()));
        api.MapPost("/model/refit", async (HttpContext http, IGrainFactory grains) =>
            WireResults.Ok(await grains.GetGrain<ITenantModelGrain>(http.Tenant()).RefitAsync()));
    }
}
