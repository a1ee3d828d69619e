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
    /// <summary>A delivery timer is registered and has not finished its pass yet.</summary>
    private bool _deliveryTimerPending;

    /// <summary>Messages or campaign candidates not yet delivered (they are in the stored snapshot).</summary>
    private bool HasUndelivered => State.Outbox.Count > 0 || State.CampaignFeed.Count > 0;

    /// <summary>
    /// Keeps messages for other customers in the stored outbox and delivers them from an interleaving timer turn:
    /// never from inside activation or a message handler, and without blocking this customer's own turns.
    /// Delivery only removes entries from the outbox; turns only append to it.
    /// </summary>
    private void Queue(IReadOnlyList<CustomerMessage> messages)
    {
        if (messages.Count > 0)
        {
            // The outbox list is replaced, never changed in place: a snapshot write may be reading it.
            State.Outbox = [.. State.Outbox, .. messages.Select(m => new PendingMessage(m.Kind, m.TargetCustomerId))];
        }

        ScheduleDelivery(TimeSpan.Zero);
    }

    private void ScheduleDelivery(TimeSpan delay)
    {
        if (!HasUndelivered || _deliveryTimerPending)
        {
            return;
        }

        _deliveryTimerPending = true;
        MarkDirty();
        IGrainTimer? timer = null;
        timer = this.RegisterGrainTimer(
            async cancellationToken =>
            {
                timer?.Dispose();
                await DeliverOutboxAsync();
                _deliveryTimerPending = false;

                // What failed stays in the outbox and is tried again later.
                ScheduleDelivery(TimeSpan.FromSeconds(5));
            },
            // Interleaving: while this customer waits on another one, it keeps taking its own calls, so two
            // customers delivering to each other at the same moment never wait on each other.
            new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan) { Interleave = true });
    }

    private async Task DeliverOutboxAsync()
    {
        var delivered = new HashSet<PendingMessage>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < State.Outbox.Count; i++)
        {
            var message = State.Outbox[i];
            try
            {
                var target = GrainFactory.GetGrain<ICustomerGrain>(CustomerKey.Of(_tenant, message.TargetCustomerId));
                await (message.Kind == CustomerMessageKind.RegisterReferral
                    ? target.ReferrerRegisteredAsync(_customerId)
                    : target.ReferralConvertedAsync(_customerId));
                delivered.Add(message);
            }
            catch (Exception ex)
            {
                LogMessageFailed(ex, _tenant, _customerId, message.Kind, message.TargetCustomerId);
            }
        }

        if (delivered.Count > 0)
        {
            State.Outbox = [.. State.Outbox.Where(m => !delivered.Contains(m))];
        }

        if (State.CampaignFeed.Count > 0)
        {
            var taken = await CampaignFeed.DeliverAsync(GrainFactory, campaigns, _tenant, State.CampaignFeed);
            State.CampaignFeed = [.. State.CampaignFeed.Where(c => !taken.Contains(c))];
        }
    }
}
