namespace LifecycleActors.Cli.Load;

/// <summary>Caps the events per second of all senders together (<c>--rate</c>) with a shared <see cref="TokenBucket"/>.</summary>
internal sealed class RatePacer
{
    private readonly Lock _lock = new();
    private readonly TokenBucket _bucket;
    private readonly TimeProvider _time;
    private readonly long _origin;

    /// <param name="burst">Events that may leave at once; at least one batch, or no batch could ever be sent on time.</param>
    public RatePacer(double eventsPerSecond, int burst, TimeProvider time)
    {
        _bucket = new TokenBucket(eventsPerSecond, burst);
        _time = time;
        _origin = time.GetTimestamp();
    }

    public async Task WaitAsync(int events, CancellationToken cancellationToken)
    {
        TimeSpan wait;
        lock (_lock)
        {
            wait = _bucket.Reserve(events, _time.GetElapsedTime(_origin));
        }

        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _time, cancellationToken);
        }
    }
}
