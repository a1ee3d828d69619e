using LifecycleActors.Abstractions;

namespace LifecycleActors.Silo.Api;

/// <summary>
/// Storage that cannot be reached is the caller's cue to try again shortly: 503 with <c>Retry-After</c> and a problem
/// body, never a 500 (<see cref="StorageUnavailableHandler"/> answers so for every endpoint). Nothing was acknowledged,
/// so a retry loses and doubles nothing (event ids make it safe).
/// </summary>
public static class StorageFailures
{
    public const int RetryAfterSeconds = 5;

    /// <summary>
    /// A database error, a time-out or a refused socket, also when wrapped (Orleans wraps what a grain's storage call
    /// threw; an exception whose type Orleans could not carry across silos keeps only its type's name).
    /// </summary>
    public static bool IsStorageFailure(Exception exception) => exception switch
    {
        Orleans.Serialization.UnavailableExceptionFallbackException fallback => IsStorageTypeName(fallback.ExceptionType),
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsStorageFailure),
        _ => StorageUnreachable.Is(exception) || (exception.InnerException is { } inner && IsStorageFailure(inner)),
    };

    private static bool IsStorageTypeName(string? type) =>
        type is not null && (type.StartsWith("Npgsql.", StringComparison.Ordinal) || type.StartsWith("Microsoft.Data.Sqlite.", StringComparison.Ordinal)
            || type.StartsWith("System.Data.", StringComparison.Ordinal) || type is "System.TimeoutException" or "System.Net.Sockets.SocketException");
}
