namespace LifecycleActors.Cli.Output;

/// <summary>
/// Progress of long work on stderr, at most once per interval, so that a long run shows it is alive without mixing
/// into the summary on stdout.
/// </summary>
internal static class ProgressLine
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>Writes <paramref name="describe"/>(time since the previous line) every interval until cancelled.</summary>
    public static async Task RunAsync(TextWriter output, TimeSpan interval, TimeProvider time, Func<TimeSpan, string> describe, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        var previous = time.GetTimestamp();
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var now = time.GetTimestamp();
                await output.WriteLineAsync(describe(time.GetElapsedTime(previous, now)));
                previous = now;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped: the phase it reported on is over.
        }
    }
}
