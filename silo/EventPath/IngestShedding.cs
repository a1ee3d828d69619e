using LifecycleActors.Telemetry;

namespace LifecycleActors.Silo.EventPath;

/// <summary>
/// What <see cref="IngestAdmission"/> tells the operator: each refusal counted in <c>lifecycle.ingest.shed</c>, and two
/// log lines per episode, not one per request: a warning when the silo starts refusing ingest, and the episode's length
/// and refusals when an ingest request is admitted again after <see cref="QuietPeriod"/> without a refusal.
/// </summary>
public sealed partial class IngestShedding(TimeProvider time, IngestMetrics? metrics, ILogger<IngestShedding> logger)
{
    /// <summary>How long no request must have been refused before an episode is over.</summary>
    public static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private long _episodeStarted;
    private long _lastRefused;
    private long _refused;
    private bool _shedding;

    public void Refused(string reason)
    {
        metrics?.Shed(reason);
        var now = time.GetTimestamp();
        lock (_lock)
        {
            _lastRefused = now;
            _refused++;
            if (_shedding)
            {
                return;
            }

            _shedding = true;
            _episodeStarted = now;
            _refused = 1;
        }

        LogStarted(reason);
    }

    public void Admitted()
    {
        if (!Volatile.Read(ref _shedding))
        {
            return;
        }

        long refused;
        TimeSpan lasted;
        lock (_lock)
        {
            if (!_shedding || time.GetElapsedTime(_lastRefused) < QuietPeriod)
            {
                return;
            }

            _shedding = false;
            refused = _refused;
            lasted = time.GetElapsedTime(_episodeStarted, _lastRefused);
        }

        LogEnded(lasted.TotalSeconds, refused);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ingest at capacity ({Reason}): refusing ingest requests with 503 and Retry-After")]
    private partial void LogStarted(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingest below capacity again: refused {Refused} requests over {Seconds:F1} s")]
    private partial void LogEnded(double seconds, long refused);
}
