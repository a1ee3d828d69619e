namespace LifecycleActors.Grains;

/// <summary>
/// The passes that send what customers hold for others (their outbox and campaign feed), from one-shot timer turns
/// of the grain that holds them: never from inside activation or a message handler, one pass at a time, and again
/// 5 s later while anything is left unsent (what failed stays and is tried again). The turns interleave: while the
/// holder waits on another grain it keeps taking its own calls, so two holders sending to each other never wait on
/// each other.
/// </summary>
internal sealed class SendPasses(IGrainBase holder, Func<Task> pass, Func<bool> anyUnsent)
{
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(5);

    /// <summary>A pass is registered and has not finished yet.</summary>
    private bool _pending;

    public void Schedule(TimeSpan delay)
    {
        if (_pending)
        {
            return;
        }

        _pending = true;
        IGrainTimer? timer = null;
        timer = holder.RegisterGrainTimer(
            async _ =>
            {
                timer?.Dispose();
                try
                {
                    await pass();
                }
                finally
                {
                    // A pass that failed must not stop the ones after it: what is unsent is tried again.
                    _pending = false;
                    if (anyUnsent())
                    {
                        Schedule(Retry);
                    }
                }
            },
            new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan) { Interleave = true });
    }
}
