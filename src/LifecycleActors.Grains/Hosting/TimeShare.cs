namespace LifecycleActors.Grains.Hosting;

/// <summary>
/// How a repeated background task keeps to a share of the time: the next run starts one interval after this one
/// started, or later when this one took long, so that runs take at most one part in <paramref name="costFactor"/> of
/// the time (a run of 1 s with a factor of 4 waits 3 s). The work of the event path shares the machine and the
/// database with it: under load, background work slows down instead of taking their time.
/// </summary>
public sealed class TimeShare(TimeSpan interval, int costFactor)
{
    public TimeSpan Interval { get; } = interval > TimeSpan.Zero ? interval : throw new ArgumentOutOfRangeException(nameof(interval), "must be positive");

    public int CostFactor { get; } = costFactor >= 1 ? costFactor : throw new ArgumentOutOfRangeException(nameof(costFactor), "must be at least 1");

    /// <summary>From a run's start to the next run's start, for a run that took <paramref name="took"/>.</summary>
    public TimeSpan NextStartAfter(TimeSpan took)
    {
        var paced = took * CostFactor;
        return paced > Interval ? paced : Interval;
    }

    /// <summary>From a run's end to the next run's start, for a run that took <paramref name="took"/>.</summary>
    public TimeSpan PauseAfter(TimeSpan took) => NextStartAfter(took) - (took > TimeSpan.Zero ? took : TimeSpan.Zero);

    /// <summary>
    /// Runs <paramref name="run"/> after one interval, and again after each pause, until <paramref name="stoppingToken"/>
    /// is cancelled (which ends the loop without an exception).
    /// </summary>
    public async Task RunAsync(Func<CancellationToken, Task> run, TimeProvider time, CancellationToken stoppingToken)
    {
        var pause = Interval;
        try
        {
            while (true)
            {
                await Task.Delay(pause, time, stoppingToken).ConfigureAwait(false);
                var started = time.GetTimestamp();
                await run(stoppingToken).ConfigureAwait(false);
                pause = PauseAfter(time.GetElapsedTime(started));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
