using LifecycleActors.Abstractions;
using LifecycleActors.Grains.Campaigns;
using LifecycleActors.Rules;

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
        var (tenant, customerId) = (_customer.Tenant, _customer.CustomerId);
        var outbox = _customer.State.Outbox;
        var sent = new HashSet<PendingMessage>(ReferenceEqualityComparer.Instance);
        foreach (var message in outbox)
        {
            try
            {
                var target = GrainFactory.GetGrain<ICustomerGrain>(CustomerKey.Of(tenant, message.TargetCustomerId));
                await (message.Kind == CustomerMessageKind.RegisterReferral
                    ? target.ReferrerRegisteredAsync(customerId)
                    : target.ReferralConvertedAsync(customerId));
                sent.Add(message);
            }
            catch (Exception ex)
            {
                StorageUnreachable.Log(logger, "Customer message", ex, e => LogMessageFailed(e, tenant, customerId, message.Kind, message.TargetCustomerId));
            }
        }

        _customer.Sent(sent);
        var feed = _customer.State.CampaignFeed;
        if (feed.Count > 0)
        {
            _customer.HandedOver(await CampaignFeed.HandOverAsync(GrainFactory, services.Campaigns, tenant, feed));
        }
    }
}
