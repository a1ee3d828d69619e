using System.Globalization;

namespace LifecycleActors.Silo.Api;

/// <summary>
/// A 503 that tells the caller to try again: the status, <c>Retry-After</c> and a problem body naming the field the
/// failure is about, its detail ending with when to try again. Written by the exception handlers for storage and for
/// silos that cannot be reached.
/// </summary>
public static class RetryLaterProblem
{
    /// <returns>Whether a problem body was written (<see cref="IProblemDetailsService.TryWriteAsync"/>).</returns>
    public static ValueTask<bool> TryWriteAsync(
        IProblemDetailsService problems, HttpContext httpContext, Exception exception, int retryAfterSeconds, string title, string field, string detail)
    {
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = title,
                Detail = $"{detail}; try again in {retryAfterSeconds} s",
                Extensions = { ["field"] = field },
            },
        });
    }
}
