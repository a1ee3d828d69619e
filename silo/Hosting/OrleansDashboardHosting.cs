using LifecycleActors.Silo.Api;
using Orleans.Dashboard;

namespace LifecycleActors.Silo.Hosting;

/// <summary>
/// The Orleans Dashboard (package <c>Microsoft.Orleans.Dashboard</c>, its pages and scripts served from the package's
/// assembly) at <see cref="OrleansDashboardAccess.Path"/> on every silo, for administrators: silos, grains and grain
/// calls of the whole cluster. Two of its views are switched off because an administrator is one tenant's: the live
/// log stream (every tenant's log lines) and grain state (any customer's state, of any tenant).
/// </summary>
public static class OrleansDashboardHosting
{
    private const string GrainStatePath = OrleansDashboardAccess.Path + "/GrainState";

    public static ISiloBuilder AddOrleansDashboardForAdmins(this ISiloBuilder silo)
    {
        silo.AddDashboard(options => options.HideTrace = true);
        silo.Services.AddOrleansDashboardAccess();
        return silo;
    }

    /// <summary>The dashboard's pages and data are its own, not the service's API: left out of the OpenAPI document.</summary>
    public static WebApplication MapOrleansDashboardForAdmins(this WebApplication app)
    {
        app.MapOrleansDashboardPass();
        app.MapOrleansDashboard(routePrefix: OrleansDashboardAccess.Path)
            .RequireAuthorization(OrleansDashboardAccess.Policy)
            .ExcludeFromDescription()
            .AddEndpointFilter((context, next) => context.HttpContext.Request.Path.StartsWithSegments(GrainStatePath)
                ? ValueTask.FromResult<object?>(TypedResults.Problem(
                    "grain state holds customers' data of every tenant and is not shown", statusCode: StatusCodes.Status403Forbidden))
                : next(context));
        return app;
    }
}
