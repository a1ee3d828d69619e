using System.Diagnostics;

namespace LifecycleActors.Silo.Api;

/// <summary>
/// Whether storage is known to be unreachable, and the operator's two log lines about it: one Warning when the first
/// failure is seen, one Information with the duration once the <see cref="StorageOutageProbe"/> reaches storage again.
/// Failures in between log at Debug only, and no line carries a stack trace or anything a request held. The first line
/// names the kind of failure (<see cref="StorageFault"/>: disk full, database locked, …), which also tells the probe
/// whether reading is proof enough that storage is back.
/// </summary>
public sealed partial class StorageOutage(ILogger<StorageOutage> logger)
{
    private readonly Lock _gate = new();
    private long _since;
    private StorageFault? _fault;

    /// <summary>True from the first storage failure until a probe reaches storage again.</summary>
    public bool IsDown => Volatile.Read(ref _since) != 0;

    /// <summary>The latest failure of the outage under way; null while storage answers.</summary>
    public StorageFault? Fault => Volatile.Read(ref _fault);

    /// <summary>A storage failure seen by a request or a probe; returns what kind it is.</summary>
    public StorageFault Failed(Exception exception)
    {
        var fault = StorageFault.Of(exception);
        lock (_gate)
        {
            Volatile.Write(ref _fault, fault);
            if (_since == 0)
            {
                Volatile.Write(ref _since, Stopwatch.GetTimestamp());
                LogUnreachable(logger, fault.Reason);
                return fault;
            }
        }

        LogStillUnreachable(logger, fault.Reason);
        return fault;
    }

    /// <summary>Storage answered: ends the outage, if there was one.</summary>
    public void Reached()
    {
        lock (_gate)
        {
            if (_since == 0)
            {
                return;
            }

            var duration = Stopwatch.GetElapsedTime(_since);
            Volatile.Write(ref _since, 0);
            Volatile.Write(ref _fault, null);
            LogReachable(logger, Math.Round(duration.TotalSeconds, 1));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "storage unreachable ({Failure}); requests are answered 503 with Retry-After until it answers again")]
    private static partial void LogUnreachable(ILogger logger, string failure);

    [LoggerMessage(Level = LogLevel.Debug, Message = "storage still unreachable ({Failure})")]
    private static partial void LogStillUnreachable(ILogger logger, string failure);

    [LoggerMessage(Level = LogLevel.Information, Message = "storage reachable again after {Seconds} s")]
    private static partial void LogReachable(ILogger logger, double seconds);
}
