using LifecycleActors.Abstractions;
using LifecycleActors.Grains.Campaigns;
using LifecycleActors.Rules;
using Microsoft.Extensions.Logging;

namespace LifecycleActors.Grains;

/// <summary>
/// Sends a resident customer's outbox to the customers it names and hands its campaign feed over; what fails stays
/// and is tried again by the next pass. Used by whatever holds the customer, from an interleaving timer turn.
/// </summary>
public static partial class ResidentOutbox
{
    public static async Task SendAsync(IGrainFactory grains, CampaignDirectory campaigns, ResidentCustomer customer, ILogger logger)
    {
        var (tenant, customerId) = (customer.Tenant, customer.CustomerId);
        var sent = new HashSet<PendingMessage>(ReferenceEqualityComparer.Instance);
        foreach (var message in customer.State.Outbox)
        {
            try
            {
                var target = grains.GetGrain<ICustomerGrain>(CustomerKey.Of(tenant, message.TargetCustomerId));
                await (message.Kind == CustomerMessageKind.RegisterReferral
                    ? target.ReferrerRegisteredAsync(customerId)
                    : target.ReferralConvertedAsync(customerId));
                sent.Add(message);
            }
            catch (Exception ex)
            {
                StorageUnreachable.Log(logger, "Customer message", ex, e => LogMessageFailed(logger, e, tenant, customerId, message.Kind, message.TargetCustomerId));
            }
        }

        customer.Sent(sent);
        var feed = customer.State.CampaignFeed;
        if (feed.Count > 0)
        {
            customer.HandedOver(await CampaignFeed.HandOverAsync(grains, campaigns, tenant, feed));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Customer {Tenant}/{CustomerId} could not send {Kind} to {Target}; it is retried")]
    private static partial void LogMessageFailed(ILogger logger, Exception exception, string tenant, string customerId, CustomerMessageKind kind, string target);
}
