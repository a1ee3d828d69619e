using Microsoft.AspNetCore.Diagnostics;
using Orleans.Runtime;

namespace LifecycleActors.Silo.Api;

/// <summary>
/// The global answer to a request whose customer (or other grain) sits on a silo that cannot be reached, as while a
/// lost silo is not yet declared dead: 503, <c>Retry-After</c> and a problem body naming the field <c>cluster</c>,
/// never a 500. Orleans moves the lost silo's grains to the others within seconds, and nothing was acknowledged, so a
/// retry loses and doubles nothing. Orleans logs the silo's loss itself, so this handler adds no line of its own.
/// </summary>
public sealed class ClusterUnavailableHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public const int RetryAfterSeconds = 2;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsSiloUnreachable(exception) || httpContext.Response.HasStarted)
        {
            return false;
        }

        return await RetryLaterProblem.TryWriteAsync(
            problems, httpContext, exception, RetryAfterSeconds, "Cluster unavailable", "cluster",
            "cluster: a silo cannot be reached and its customers are moving to the others");
    }

    /// <summary>Orleans could not deliver the call: its target silo is unavailable or refuses connections (also wrapped).</summary>
    public static bool IsSiloUnreachable(Exception exception) => exception switch
    {
        OrleansMessageRejectionException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsSiloUnreachable),
        _ => exception.InnerException is { } inner && IsSiloUnreachable(inner),
    };
}
