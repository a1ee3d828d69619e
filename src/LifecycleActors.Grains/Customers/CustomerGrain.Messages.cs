namespace LifecycleActors.Grains;

/// <summary>The timer that sends the customer's outbox to other customers and hands its campaign feed over.</summary>
public sealed partial class CustomerGrain
{
    /// <summary>A send timer is registered and has not finished its pass yet.</summary>
    private bool _sendTimerPending;

    /// <summary>
    /// Sends from an interleaving timer turn: never from inside activation or a message handler, and without blocking
    /// this customer's own turns.
    /// </summary>
    private void ScheduleSending(TimeSpan delay)
    {
        if (!_customer.HasUnsent || _sendTimerPending)
        {
            return;
        }

        _sendTimerPending = true;
        IGrainTimer? timer = null;
        timer = this.RegisterGrainTimer(
            async cancellationToken =>
            {
                timer?.Dispose();
                try
                {
                    await SendOutboxAsync();
                }
                finally
                {
                    // A pass that failed must not stop the ones after it: what is unsent is tried again.
                    _sendTimerPending = false;
                }

                // What failed stays in the outbox and is tried again later.
                ScheduleSending(TimeSpan.FromSeconds(5));
            },
            // Interleaving: while this customer waits on another one, it keeps taking its own calls, so two
            // customers sending to each other at the same moment never wait on each other.
            new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan) { Interleave = true });
    }

    private Task SendOutboxAsync() => ResidentOutbox.SendAsync(GrainFactory, services.Campaigns, _customer, logger);
}
