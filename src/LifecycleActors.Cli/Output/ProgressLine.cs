namespace LifecycleActors.Cli.Output;

/// <summary>
/// Progress of long work on stderr, at most once per interval, so that a long run shows it is alive without mixing
/// into the summary on stdout.
/// </summary>
internal static class ProgressLine
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>How often a progress line that redraws itself on a terminal is refreshed.</summary>
    public static readonly TimeSpan TerminalInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Moves to the start of the line and clears it (ANSI), so that the next text replaces the progress line.</summary>
    public const string ClearLine = "\r\u001b[K";

    /// <summary>Writes <paramref name="describe"/>(time since the previous line) every interval until cancelled.</summary>
    /// <param name="overwrite">
    /// Redraw one line in place (for a terminal) instead of writing a line per interval (for logs); the line is
    /// drawn a last time and ended when the work is over, so that later output starts on a line of its own.
    /// </param>
    public static async Task RunAsync(
        TextWriter output, TimeSpan interval, TimeProvider time, Func<TimeSpan, string> describe, CancellationToken cancellationToken, bool overwrite = false)
    {
        using var timer = new PeriodicTimer(interval, time);
        var previous = time.GetTimestamp();
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var now = time.GetTimestamp();
                var text = describe(time.GetElapsedTime(previous, now));
                await (overwrite ? output.WriteAsync(ClearLine + text) : output.WriteLineAsync(text));
                previous = now;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped: the phase it reported on is over.
        }

        if (overwrite)
        {
            await output.WriteLineAsync(ClearLine + describe(time.GetElapsedTime(previous)));
        }
    }
}
