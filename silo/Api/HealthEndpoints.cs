using LifecycleActors.Grains.Campaigns;
using LifecycleActors.Silo.Hosting;
using LifecycleActors.Storage.EventLog;

namespace LifecycleActors.Silo.Api;

/// <summary>
/// Liveness and readiness (contract §6): ready once the silo is active and storage answers, and no longer once it is
/// stopping, so that a load balancer sends new requests elsewhere while a silo drains during a rolling restart.
/// </summary>
public static class HealthEndpoints
{
    public static void MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health/live", () => Results.Json(new { status = "live" }));
        app.MapGet("/health/ready", async (
            SiloReadiness readiness, IEventLog log, CampaignDirectory campaigns, IHostApplicationLifetime lifetime, CancellationToken cancellationToken) =>
        {
            if (lifetime.ApplicationStopping.IsCancellationRequested)
            {
                return Results.Json(new { status = "stopping" }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            if (!readiness.IsReady)
            {
                return Results.Json(new { status = "starting" }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            try
            {
                var head = await log.HeadAsync(cancellationToken);
                // How many campaigns this host knows: a new one is known everywhere within the directory's refresh.
                return Results.Json(new { status = "ready", logPosition = head, campaigns = campaigns.Count });
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                return Results.Json(new { status = "storage unavailable" }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });
    }
}
