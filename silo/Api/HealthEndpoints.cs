using LifecycleActors.Silo.Hosting;
using LifecycleActors.Storage.EventLog;

namespace LifecycleActors.Silo.Api;

/// <summary>
/// Liveness and readiness (SPEC §6): ready once the silo is active and storage answers, and no longer once it is
/// stopping, so that a load balancer sends new requests elsewhere while a silo drains during a rolling restart.
/// </summary>
public static class HealthEndpoints
{
    public static void MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health/live", () => Results.Json(new { status = "live" }));
        app.MapGet("/health/ready", async (SiloReadiness readiness, IEventLog log, IHostApplicationLifetime lifetime, CancellationToken cancellationToken) =>
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
                return Results.Json(new { status = "ready", logPosition = head });
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return Results.Json(new { status = "storage unavailable" }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });
    }
}
