using LifecycleActors.Grains.Campaigns;
using LifecycleActors.Silo.Hosting;
using LifecycleActors.Storage.EventLog;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LifecycleActors.Silo.Api;

/// <summary>
/// Liveness and readiness (contract §6): ready once the silo is active, startup recovery is done and storage
/// answers, and no longer once it is stopping, so that a load balancer sends new requests elsewhere while a silo
/// drains during a rolling restart. While <see cref="StorageOutage"/> knows storage is down, not ready at once.
/// </summary>
public static class HealthEndpoints
{
    public static void MapHealth(this IEndpointRouteBuilder endpoints)
    {
        var app = endpoints.MapGroup("").WithTags("Health");
        app.MapGet("/health/live", () => TypedResults.Ok(new HealthAnswer("live")));
        app.MapGet("/health/ready", async Task<Results<Ok<ReadyAnswer>, Unavailable<HealthAnswer>>> (
            SiloReadiness readiness, StorageOutage outage, IEventLog log, CampaignDirectory campaigns, IHostApplicationLifetime lifetime, CancellationToken cancellationToken) =>
        {
            if (lifetime.ApplicationStopping.IsCancellationRequested)
            {
                return new Unavailable<HealthAnswer>(new HealthAnswer("stopping"));
            }

            if (!readiness.IsReady)
            {
                return new Unavailable<HealthAnswer>(new HealthAnswer("starting"));
            }

            if (outage.IsDown)
            {
                return new Unavailable<HealthAnswer>(new HealthAnswer("storage unavailable"));
            }

            try
            {
                var head = await log.HeadAsync(cancellationToken);
                // How many campaigns this host knows: a new one is known everywhere within the directory's refresh.
                return TypedResults.Ok(new ReadyAnswer("ready", head, campaigns.Count));
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                if (StorageFailures.IsStorageFailure(e))
                {
                    outage.Failed(e);
                }

                return new Unavailable<HealthAnswer>(new HealthAnswer("storage unavailable"));
            }
        });
    }
}
