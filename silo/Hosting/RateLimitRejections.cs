using System.Globalization;
using System.Threading.RateLimiting;
using LifecycleActors.Silo.EventPath;
using Microsoft.AspNetCore.RateLimiting;

namespace LifecycleActors.Silo.Hosting;

/// <summary>
/// How a request refused by a rate limiter is answered, always with <c>Retry-After</c> and a problem body: 503 when the
/// silo sheds ingest because it is at capacity (<see cref="OverloadLease"/>), 429 when a caller's own limit (an API
/// key's, a connector's, a sign-in address's) is spent.
/// </summary>
public static class RateLimitRejections
{
    /// <summary>Told to a caller whose own limit gave no time of its own (a queue that is full).</summary>
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);

    public static async ValueTask WriteAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var (status, title, detail, retryAfter) = context.Lease switch
        {
            OverloadLease overload => (StatusCodes.Status503ServiceUnavailable, "Service overloaded", overload.Detail, overload.RetryAfter),
            var lease => (StatusCodes.Status429TooManyRequests, "Too many requests", "this caller's request rate limit is spent",
                lease.TryGetMetadata(MetadataName.RetryAfter, out var after) && after > TimeSpan.Zero ? after : DefaultRetryAfter),
        };
        var seconds = (long)Math.Ceiling(retryAfter.TotalSeconds);
        http.Response.StatusCode = status;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = status,
                Title = title,
                Detail = $"{detail}; try again in {seconds} s",
            },
        });
    }
}
