using System.Data.Common;

namespace LifecycleActors.Silo.Api;

/// <summary>
/// Storage that cannot be reached is the caller's cue to try again shortly: 503 with <c>Retry-After</c> and a problem
/// body, never a 500. Nothing was acknowledged, so a retry loses and doubles nothing (event ids make it safe).
/// </summary>
public static class StorageFailures
{
    public const int RetryAfterSeconds = 5;

    public static async ValueTask<object?> AnswerUnavailable(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception e) when (IsStorageFailure(e) && !context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            context.HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return ApiProblems.Create(
                StatusCodes.Status503ServiceUnavailable, "Storage unavailable", $"storage cannot be reached; try again in {RetryAfterSeconds} s", "storage");
        }
    }

    /// <summary>A database error or time-out, also when wrapped (Orleans wraps what a grain's storage call threw).</summary>
    public static bool IsStorageFailure(Exception exception) => exception switch
    {
        DbException or TimeoutException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsStorageFailure),
        _ => exception.InnerException is { } inner && IsStorageFailure(inner),
    };
}
