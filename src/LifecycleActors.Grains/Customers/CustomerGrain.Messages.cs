using LifecycleActors.Abstractions;
using LifecycleActors.Grains.Campaigns;
using LifecycleActors.Rules;

namespace LifecycleActors.Grains;

/// <summary>
/// The outbox of referral messages to other customers, and the timer that sends them and hands the campaign feed
/// over.
/// </summary>
public sealed partial class CustomerGrain
{
    /// <summary>A send timer is registered and has not finished its pass yet.</summary>
    private bool _sendTimerPending;

    /// <summary>Messages not yet sent or campaign candidates not yet handed over (they are in the stored snapshot).</summary>
    private bool HasUnsent => State.Outbox.Count > 0 || State.CampaignFeed.Count > 0;

    /// <summary>
    /// Keeps messages for other customers in the stored outbox and sends them from an interleaving timer turn:
    /// never from inside activation or a message handler, and without blocking this customer's own turns.
    /// Sending only removes entries from the outbox; turns only append to it.
    /// </summary>
    private void Queue(IReadOnlyList<CustomerMessage> messages)
    {
        if (messages.Count > 0)
        {
            // The outbox list is replaced, never changed in place: a snapshot write may be reading it.
            State.Outbox = [.. State.Outbox, .. messages.Select(m => new PendingMessage(m.Kind, m.TargetCustomerId))];
        }

        ScheduleSending(TimeSpan.Zero);
    }

    private void ScheduleSending(TimeSpan delay)
    {
        if (!HasUnsent || _sendTimerPending)
        {
            return;
        }

        _sendTimerPending = true;
        MarkDirty();
        IGrainTimer? timer = null;
        timer = this.RegisterGrainTimer(
            async cancellationToken =>
            {
                timer?.Dispose();
                await SendOutboxAsync();
                _sendTimerPending = false;

                // What failed stays in the outbox and is tried again later.
                ScheduleSending(TimeSpan.FromSeconds(5));
            },
            // Interleaving: while this customer waits on another one, it keeps taking its own calls, so two
            // customers sending to each other at the same moment never wait on each other.
            new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan) { Interleave = true });
    }

    private async Task SendOutboxAsync()
    {
        var sent = new HashSet<PendingMessage>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < State.Outbox.Count; i++)
        {
            var message = State.Outbox[i];
            try
            {
                var target = GrainFactory.GetGrain<ICustomerGrain>(CustomerKey.Of(_tenant, message.TargetCustomerId));
                await (message.Kind == CustomerMessageKind.RegisterReferral
                    ? target.ReferrerRegisteredAsync(_customerId)
                    : target.ReferralConvertedAsync(_customerId));
                sent.Add(message);
            }
            catch (Exception ex)
            {
                StorageUnreachable.Log(logger, "Customer message", ex, e => LogMessageFailed(e, _tenant, _customerId, message.Kind, message.TargetCustomerId));
            }
        }

        if (sent.Count > 0)
        {
            State.Outbox = [.. State.Outbox.Where(m => !sent.Contains(m))];
        }

        if (State.CampaignFeed.Count > 0)
        {
            var taken = await CampaignFeed.HandOverAsync(GrainFactory, campaigns, _tenant, State.CampaignFeed);
            State.CampaignFeed = [.. State.CampaignFeed.Where(c => !taken.Contains(c))];
        }
    }
}
