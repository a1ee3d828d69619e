using Microsoft.AspNetCore.Diagnostics;

namespace LifecycleActors.Silo.Api;

/// <summary>
/// The global answer to a storage failure on any endpoint: 503, <c>Retry-After</c> and a problem body naming the
/// field <c>storage</c> and saying what kind of failure it is (<see cref="StorageFault.Detail"/>: "disk full: …",
/// "the database is locked …"), noted in <see cref="StorageOutage"/> (which logs once). Any other exception is left to the
/// default 500.
/// </summary>
public sealed class StorageUnavailableHandler(StorageOutage outage, IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!StorageFailures.IsStorageFailure(exception) || httpContext.Response.HasStarted)
        {
            return false;
        }

        var fault = outage.Failed(exception);
        return await RetryLaterProblem.TryWriteAsync(
            problems, httpContext, exception, StorageFailures.RetryAfterSeconds, "Storage unavailable", "storage", fault.Detail);
    }
}
