using LifecycleActors.Abstractions;
using LifecycleActors.Rules;

namespace LifecycleActors.Grains;

/// <summary>
/// The outbox of referral messages to other customers and the campaign candidates not yet handed over. Turns only
/// append to them; the holder sends them (<see cref="IResidentCustomerHolder.SendSoon"/>) and reports what went.
/// </summary>
public sealed partial class ResidentCustomer
{
    /// <summary>Messages not yet sent or campaign candidates not yet handed over (they are in the stored snapshot).</summary>
    public bool HasUnsent => State.Outbox.Count > 0 || State.CampaignFeed.Count > 0;

    /// <summary>The customer's id, as the sender of its messages.</summary>
    public string CustomerId => _customerId;

    /// <summary>The customer's tenant.</summary>
    public string Tenant => _tenant;

    /// <summary>Messages for other customers were delivered: they leave the outbox.</summary>
    public void Sent(IReadOnlySet<PendingMessage> sent)
    {
        if (sent.Count == 0)
        {
            return;
        }

        // Replaced, never changed in place: a snapshot write may be reading it.
        State.Outbox = [.. State.Outbox.Where(m => !sent.Contains(m))];
    }

    /// <summary>Campaign candidates were taken by every campaign they trigger: they leave the feed.</summary>
    public void HandedOver(IReadOnlySet<CampaignCandidate> taken)
    {
        if (taken.Count == 0)
        {
            return;
        }

        State.CampaignFeed = [.. State.CampaignFeed.Where(c => !taken.Contains(c))];
    }

    private void Queue(IReadOnlyList<CustomerMessage> messages)
    {
        if (messages.Count > 0)
        {
            // Replaced, never changed in place: a snapshot write may be reading it.
            State.Outbox = [.. State.Outbox, .. messages.Select(m => new PendingMessage(m.Kind, m.TargetCustomerId))];
        }

        if (HasUnsent)
        {
            RequestSending();
        }
    }

    /// <summary>
    /// What is unsent is sent soon, and the snapshot is due: it holds the outbox as it is when written, so a message
    /// sent after that is sent again from it (receivers take a message twice as once).
    /// </summary>
    private void RequestSending()
    {
        MarkDirty();
        _holder.SendSoon();
    }
}
