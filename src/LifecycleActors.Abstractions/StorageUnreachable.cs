using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace LifecycleActors.Abstractions;

/// <summary>
/// Storage that cannot be reached (a database error, a time-out, a refused socket, also wrapped): the silo says so once
/// (its storage outage log lines), so the background work that meets it logs at Debug only, with no stack trace.
/// </summary>
public static partial class StorageUnreachable
{
    public static bool Is(Exception exception) => exception switch
    {
        DbException or TimeoutException or SocketException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(Is),
        _ => exception.InnerException is { } inner && Is(inner),
    };

    /// <summary>Logs <paramref name="exception"/> with <paramref name="otherwise"/> unless storage is unreachable; then at Debug, its type only.</summary>
    public static void Log(ILogger logger, string what, Exception exception, Action<Exception> otherwise)
    {
        if (Is(exception))
        {
            LogQuietly(logger, what, exception.GetType().Name);
        }
        else
        {
            otherwise(exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{What} failed: storage unreachable ({Failure})")]
    private static partial void LogQuietly(ILogger logger, string what, string failure);
}
