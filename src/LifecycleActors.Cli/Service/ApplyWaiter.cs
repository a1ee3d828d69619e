namespace LifecycleActors.Cli.Service;

/// <summary>
/// Waits until the service has applied the acknowledged events: a 202 only says they are durable, the customer
/// actors apply them afterwards. Polls a counter until it reaches a target or a timeout passes.
/// </summary>
internal static class ApplyWaiter
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <param name="readApplied">Reads the counter; <see cref="HttpRequestException"/> means "try again".</param>
    /// <param name="observed">Called with each value read, for progress.</param>
    /// <returns>
    /// Whether the target was reached, the last value read, and the time from the call until the poll that saw the
    /// target (or until giving up). Callers start it right after the last acknowledgement.
    /// </returns>
    public static async Task<ApplyResult> WaitAsync(
        Func<CancellationToken, Task<long>> readApplied,
        long target,
        TimeSpan timeout,
        TimeSpan pollInterval,
        TimeProvider time,
        Action<long>? observed,
        CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        long? last = null;
        string? lastError = null;
        while (true)
        {
            var remaining = timeout - time.GetElapsedTime(started);
            using (var poll = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                // One slow answer must not outlast the whole timeout.
                poll.CancelAfter(remaining > pollInterval ? remaining : pollInterval);
                try
                {
                    last = await readApplied(poll.Token);
                    lastError = null;
                    observed?.Invoke(last.Value);
                    if (last >= target)
                    {
                        return new ApplyResult(true, last, time.GetElapsedTime(started), null);
                    }
                }
                catch (HttpRequestException e)
                {
                    lastError = e.Message;
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    lastError = "the stats request timed out";
                }
            }

            var elapsed = time.GetElapsedTime(started);
            if (elapsed >= timeout)
            {
                return new ApplyResult(false, last, elapsed, lastError);
            }

            var wait = timeout - elapsed;
            await Task.Delay(wait < pollInterval ? wait : pollInterval, time, cancellationToken);
        }
    }
}

/// <param name="LastValue">The last counter value read; null if no read succeeded.</param>
/// <param name="LastError">Why the last read failed, when it did.</param>
internal sealed record ApplyResult(bool Applied, long? LastValue, TimeSpan Elapsed, string? LastError);
